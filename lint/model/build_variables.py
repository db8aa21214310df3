"""What a Dockerfile's variables are where the file does not say: the ARGs BuildKit defines
itself, and the environment of the images a stage can start from.

BuildKit expands a variable in ADD, COPY, ENV, LABEL, USER, WORKDIR … with the stage's ARGs, its
ENV, and the ``Env`` of the base image's configuration, which it reads from the registry (an
image built ``FROM scratch`` has ``PATH`` alone). A linter that does not pull images knows the
base image's environment only where it is written down here: ``PATH`` for every image (every
image BuildKit builds from has one), and the variables the Docker Official Images below set in
their Dockerfiles. For any other image the environment is unknown.
"""

from __future__ import annotations

from collections.abc import Iterable

from hullcheck.model.dockerfile import Dockerfile, Stage
from hullcheck.model.image import ImageReference
from hullcheck.suggestions import SHORT_WORD_CUTOFF

# defined before the first FROM by BuildKit, for FROM lines and global ARGs (a stage sees one
# only after ``ARG <name>`` in it), with the values a build on and for linux/amd64 gives them
AUTOMATIC_PLATFORM_ARGS = {
    "BUILDPLATFORM": "linux/amd64",
    "BUILDOS": "linux",
    "BUILDARCH": "amd64",
    "BUILDVARIANT": "",
    "TARGETPLATFORM": "linux/amd64",
    "TARGETOS": "linux",
    "TARGETARCH": "amd64",
    "TARGETVARIANT": "",
}
# stage names BuildKit reserves: ``scratch`` is the empty image, ``context`` the build context
RESERVED_STAGE_NAMES = frozenset({"context", "scratch"})

_JAVA = ("JAVA_HOME", "JAVA_VERSION", "LANG", "LANGUAGE", "LC_ALL")
_PHP = (
    "PHPIZE_DEPS",
    "PHP_INI_DIR",
    "APACHE_CONFDIR",
    "APACHE_ENVVARS",
    "PHP_CFLAGS",
    "PHP_CPPFLAGS",
    "PHP_LDFLAGS",
    "GPG_KEYS",
    "PHP_VERSION",
    "PHP_URL",
    "PHP_ASC_URL",
    "PHP_SHA256",
)
# the ENV of Docker Official Images (docker-library's Dockerfiles), by repository; PATH is left
# out: every image has it
_OFFICIAL_IMAGE_ENVIRONMENT: dict[str, tuple[str, ...]] = {
    "alpine": (),
    "busybox": (),
    "debian": (),
    "ubuntu": (),
    "centos": (),
    "rockylinux": (),
    "almalinux": (),
    "amazonlinux": (),
    "oraclelinux": (),
    "archlinux": ("LANG",),
    "fedora": ("DISTTAG", "FGC", "FBR"),
    "python": (
        "LANG",
        "GPG_KEY",
        "PYTHON_VERSION",
        "PYTHON_SHA256",
        "PYTHON_PIP_VERSION",
        "PYTHON_SETUPTOOLS_VERSION",
        "PYTHON_GET_PIP_URL",
        "PYTHON_GET_PIP_SHA256",
    ),
    "pypy": ("LANG", "PYPY_VERSION"),
    "node": ("NODE_VERSION", "YARN_VERSION"),
    "golang": ("GOLANG_VERSION", "GOPATH", "GOTOOLCHAIN"),
    "rust": ("RUSTUP_HOME", "CARGO_HOME", "RUST_VERSION"),
    "ruby": (
        "LANG",
        "RUBY_MAJOR",
        "RUBY_VERSION",
        "RUBY_DOWNLOAD_SHA256",
        "RUBY_DOWNLOAD_URL",
        "GEM_HOME",
        "BUNDLE_SILENCE_ROOT_WARNING",
        "BUNDLE_APP_CONFIG",
    ),
    "php": _PHP,
    "openjdk": _JAVA,
    "eclipse-temurin": _JAVA,
    "amazoncorretto": ("LANG", "JAVA_HOME"),
    "maven": (*_JAVA, "MAVEN_HOME", "MAVEN_CONFIG"),
    "gradle": (*_JAVA, "GRADLE_HOME", "GRADLE_VERSION"),
    "tomcat": (*_JAVA, "CATALINA_HOME", "TOMCAT_NATIVE_LIBDIR", "LD_LIBRARY_PATH", "TOMCAT_MAJOR", "TOMCAT_VERSION"),
    "nginx": ("NGINX_VERSION", "NJS_VERSION", "NJS_RELEASE", "PKG_RELEASE", "DYNPKG_RELEASE"),
    "httpd": ("HTTPD_PREFIX", "HTTPD_VERSION", "HTTPD_SHA256", "HTTPD_PATCHES"),
    "haproxy": ("HAPROXY_VERSION", "HAPROXY_URL", "HAPROXY_SHA256"),
    "postgres": ("GOSU_VERSION", "LANG", "PG_MAJOR", "PG_VERSION", "PGDATA"),
    "redis": ("REDIS_VERSION", "REDIS_DOWNLOAD_URL", "REDIS_DOWNLOAD_SHA"),
    "docker": ("DOCKER_VERSION", "DOCKER_TLS_CERTDIR", "DOCKER_BUILDX_VERSION", "DOCKER_COMPOSE_VERSION"),
    "erlang": ("OTP_VERSION", "REBAR3_VERSION"),
    "elixir": ("OTP_VERSION", "REBAR3_VERSION", "ELIXIR_VERSION", "LANG"),
}


# what every image's environment holds: BuildKit gives PATH even to an image built FROM scratch
EVERY_IMAGE_ENVIRONMENT = frozenset({"PATH"})


def image_environment(image: ImageReference) -> frozenset[str] | None:
    """The names the image's configuration sets in its environment, or None when unknown:
    ``PATH`` alone for ``scratch``, and a Docker Official Image's ENV (``docker.io/library/…``)."""
    if image.is_scratch:
        return EVERY_IMAGE_ENVIRONMENT
    repository = image.repository.removeprefix("library/")
    if image.registry not in (None, "docker.io", "index.docker.io") or "/" in repository:
        return None
    known = _OFFICIAL_IMAGE_ENVIRONMENT.get(repository)
    return EVERY_IMAGE_ENVIRONMENT | set(known) if known is not None else None


def base_environment(stage: Stage) -> frozenset[str] | None:
    """The environment the image the stage starts from gives it (through the stages it is
    built from), or None when that image's environment is unknown."""
    image = stage.image
    if image is None or not isinstance(image.value, ImageReference):
        return None
    return image_environment(image.value)


def global_arg_names(dockerfile: Dockerfile) -> set[str]:
    """The ARGs declared before the first FROM."""
    return {declaration.name.value for arg in dockerfile.global_args for declaration in arg.declarations}


def suggestion(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``name`` is most likely a misspelling of (``PAHT`` -> ``PATH``), or None."""
    import difflib  # only for a variable used but not set: not at every start-up

    matches = difflib.get_close_matches(name, sorted(set(candidates) - {name}), n=1, cutoff=SHORT_WORD_CUTOFF)
    return matches[0] if matches else None


_OPERATING_SYSTEMS = frozenset({"linux", "windows", "darwin", "freebsd", "netbsd", "openbsd", "solaris", "illumos"})
_ARCHITECTURE_ALIASES = {"x86_64": "amd64", "x86-64": "amd64", "aarch64": "arm64", "armhf": "arm", "i386": "386"}


def platform_names(platform: str) -> tuple[str, str] | None:
    """The OS and architecture of ``linux/arm64/v8``, ``windows/amd64``, ``arm64`` (Linux) or
    ``linux`` (amd64), as BuildKit's platform parser reads them; None when it is not a platform."""
    parts = platform.lower().split("/")
    if not all(parts) or len(parts) > 3:
        return None
    if len(parts) == 1:
        if parts[0] in _OPERATING_SYSTEMS:
            return parts[0], "amd64"
        return "linux", _ARCHITECTURE_ALIASES.get(parts[0], parts[0])
    return parts[0], _ARCHITECTURE_ALIASES.get(parts[1], parts[1])


# build args BuildKit reads without an ARG and does not warn about (its ``nonEnvArgs``)
BUILDKIT_ONLY_ARGS = frozenset({"BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"})

"""What looks like a credential: names, literal values, connection strings and secret files.

Decisions, shared by every rule that asks:

* A **credential-shaped name** ends with a credential word: ``PASSWORD``, ``PASSWD``, ``PASS``,
  ``SECRET``, ``TOKEN``, ``CREDENTIALS``, ``SALT``, ``<kind>_KEY`` for keys that are secret
  (``API_KEY``, ``SECRET_KEY``, ``PRIVATE_KEY``, ``ACCESS_KEY``, ``ENCRYPTION_KEY``,
  ``APP_KEY``, ``LICENSE_KEY`` …), ``KEY`` alone, and ``BASIC_AUTH``. Names are split at
  ``_``, ``-``, ``.`` and camelCase, so ``dbPassword`` and ``spring.datasource.password``
  count. What the name *ends* with decides: ``PASSWORD_FILE``, ``TOKEN_URL``, ``AUTH_METHOD``,
  ``KEY_PATH``, ``PASSWORD_LENGTH`` name something about a credential, not the credential.
  Other keys (``GPG_KEY``, ``SORT_KEY``, ``PUBLIC_KEY``) are not secrets. Names that switch a
  credential off or generate it (``MYSQL_RANDOM_ROOT_PASSWORD``, ``ALLOW_EMPTY_PASSWORD``) do
  not count.
* A **literal value** is written in the file: not empty, no ``$VAR``/``${VAR}`` reference
  (``${VAR:-default}`` is a reference: the file delegates the value to the environment), not a
  boolean or number switch (``true``, ``0``), not a file path, and not a mask or template
  (``******``, ``xxxx``, ``0000-0000``, ``<token>``, ``{{ token }}``). Weak defaults such as
  ``changeme``, ``admin`` or ``secret`` *are* literal credentials: a default that must be
  changed ships as it is more often than not.
* A **connection string** holds a password as URL user info (``postgres://user:pass@db``,
  ``redis://:pass@cache``) or as a credential-shaped parameter (``?password=…``,
  ``Password=…;`` in an ADO.NET string), whatever the variable's name.
* A **secret file** is a private key (``id_rsa``, ``*.key``, ``*.p12``, PEM files not named as
  certificates), a credentials file (``.env``, ``.npmrc``, ``.pypirc``, ``.netrc``,
  ``.git-credentials``, ``.aws/credentials``, ``.docker/config.json``, kubeconfig …) or a folder
  of them (``.ssh``, ``.aws``, ``.gnupg``, ``.kube``).
"""

from __future__ import annotations

import fnmatch
import re

from hullcheck.model.values import HOME_DIRECTORY
from hullcheck.patterns import LazyPattern
from hullcheck.records import Record

# --- names ----------------------------------------------------------------------------------

_NAME_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
# words that are a credential when a name ends with them
_CREDENTIAL_WORDS = {
    "PASSWORD",
    "PASSWORDS",
    "PASSWD",
    "PASS",
    "PASSPHRASE",
    "SECRET",
    "TOKEN",
    "CREDENTIALS",
    "CREDENTIAL",
    "CREDS",
    "APIKEY",
    "SALT",
    "ROOTPASS",
    "ADMINPASS",
    "DBPASS",
    "USERPASS",
    "REQUIREPASS",  # Redis
    "MASTERAUTH",
}
# a name part ending with one of these is a credential too: ROOTPASSWORD, CLIENTSECRET, AUTHTOKEN
_CREDENTIAL_SUFFIXES = ("PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY")
# <kind>_KEY names whose key is secret; GPG_KEY or PUBLIC_KEY is not
_SECRET_KEY_KINDS = {
    "API",
    "SECRET",
    "PRIVATE",
    "ACCESS",
    "ENCRYPTION",
    "ENCRYPT",
    "CRYPT",
    "SIGNING",
    "MASTER",
    "APP",
    "FERNET",
    "AUTH",
    "SESSION",
    "JWT",
    "HMAC",
    "LICENSE",
    "CLIENT",
    "DEPLOY",
}
_AUTH_KINDS = {"BASIC", "HTTP", "PROXY"}  # BASIC_AUTH=user:pass; REGISTRY_AUTH=htpasswd is a mode
# parts that make the name about switching a credential off or generating it
_NEGATING_PARTS = {"NO", "ALLOW", "RANDOM", "SKIP", "DISABLE", "DISABLED", "EMPTY", "GENERATE", "REQUIRE"}


def name_parts(name: str) -> list[str]:
    """``dbPassword_2`` -> ``["DB", "PASSWORD"]``: split, upper-cased, trailing numbers dropped."""
    parts = [piece.upper() for chunk in _NAME_SEPARATORS.split(name) for piece in _CAMEL.split(chunk) if piece]
    while parts and parts[-1].isdigit():
        parts.pop()
    if parts:
        parts[-1] = parts[-1].rstrip("0123456789") or parts[-1]
    return parts


def is_credential_name(name: str) -> bool:
    """True when ``name`` (an environment variable, build arg or parameter) names a credential."""
    parts = name_parts(name)
    if not parts or _NEGATING_PARTS & set(parts):
        return False
    last = parts[-1]
    before = parts[-2] if len(parts) > 1 else ""
    if last in _CREDENTIAL_WORDS or last.endswith(_CREDENTIAL_SUFFIXES):
        return True
    if last == "PWD":  # PWD alone is the working directory
        return bool(before)
    if last in ("KEY", "KEYS"):  # KEY alone is a shared key; GPG_KEY, SORT_KEY are not secrets
        return not before or before in _SECRET_KEY_KINDS or before.endswith(("SECRET", "PRIVATE", "API"))
    if last == "AUTH":
        return before in _AUTH_KINDS
    return parts[-3:] == ["SECRET", "KEY", "BASE"]  # Rails' SECRET_KEY_BASE


# --- values ---------------------------------------------------------------------------------

_REFERENCE = LazyPattern(r"\$(?:\{|\(|[A-Za-z_])")
_SWITCHES = {"true", "false", "yes", "no", "on", "off", "none", "null", "nil", "enabled", "disabled", "y", "n"}
_MASK = LazyPattern(r"[A-Za-z]{0,3}(?:x{3,}|X{3,}|\*{3,}|0{3,}|\.{3,}|#{3,}|_{3,})")
_TEMPLATE = LazyPattern(r"<[^<>]+>|\{\{.*\}\}|%\([^)]*\)s|@[A-Z_]+@")


def has_reference(written: str, *, dollar_escape: bool = False) -> bool:
    """True when ``written`` takes part of its value from a variable (``$X``, ``${X}``, ``$(…)``).

    ``dollar_escape``: ``$$`` is a literal ``$``, as in Compose files.
    """
    text = written.replace("$$", "") if dollar_escape else written
    return bool(_REFERENCE.search(text))


def is_literal_secret(written: str, *, dollar_escape: bool = False) -> bool:
    """True when ``written``, the value of a credential-shaped name, is a credential in the file."""
    value = written.strip().strip("'\"").strip()
    if not value or has_reference(value, dollar_escape=dollar_escape):
        return False
    if value.lower() in _SWITCHES or (value.lstrip("-").isdigit() and len(value) <= 2):
        return False
    if value.startswith(("/", "./", "../", "~/", "file:")) and not any(char.isspace() for char in value):
        return False  # a path to where the secret is kept
    return not is_placeholder(value)


def is_secret_slot(written: str | None, *, dollar_escape: bool = False) -> bool:
    """True when a credential-shaped variable whose value is ``written`` (None: it has none) is
    there to receive the secret rather than hold it: no value, an empty one, a variable reference
    (``$TOKEN``) or a placeholder (``******``); not a path to the secret or a switch."""
    if written is None:
        return True
    value = written.strip().strip("'\"").strip()
    if not value or has_reference(value, dollar_escape=dollar_escape):
        return True
    return is_placeholder(value)


def is_placeholder(value: str) -> bool:
    """A mask or template that stands for a value: ``******``, ``xxxx``, ``sk-xxx``, ``<token>``."""
    compact = re.sub(r"[-_.:/ ]", "", value) if not set(value) <= set("._-") else value
    return bool(_MASK.fullmatch(compact) or _TEMPLATE.fullmatch(value.strip()))


# --- connection strings ---------------------------------------------------------------------

# a scheme starts where no scheme character is before it: tried at every letter of a long word,
# the scheme would be read again from each (quadratic on a 2 MiB value)
_URL = LazyPattern(r"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*://[^\s,;'\"<>]+")
_PARAMETER = LazyPattern(r"(?:^|[?&;])\s*([A-Za-z][A-Za-z0-9 _.-]*?)\s*=\s*([^&;]*)")


class EmbeddedPassword(Record, frozen=True, slots=True):
    """A literal password inside a longer value."""

    scheme: str | None  # the URL's scheme; None in a ``key=value;`` connection string
    parameter: str | None = None  # the parameter that holds it; None for URL user info

    def describe(self) -> str:
        """``a URL with a literal password (postgres://)``, for messages."""
        if self.scheme is None:
            return f"a connection string with a literal {self.parameter}"
        return f"a URL with a literal {self.parameter or 'password'} ({self.scheme}://)"


def embedded_password(written: str, *, dollar_escape: bool = False) -> EmbeddedPassword | None:
    """The first literal password written inside a connection string or URL in ``written``."""
    for match in _URL.finditer(written):
        url = match.group()
        scheme, _, rest = url.partition("://")
        authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
        user_info, at, _host = authority.rpartition("@")
        _user, colon, password = user_info.partition(":")
        if at and colon and _literal_password(password, dollar_escape):
            return EmbeddedPassword(scheme.lower())
        query = rest[len(authority) :].partition("?")[2]
        found = _parameter_password(query, dollar_escape)
        if found:
            return EmbeddedPassword(scheme.lower(), found)
    if "=" in written and ";" in written:  # Server=db;User Id=sa;Password=…; (ADO.NET, ODBC)
        found = _parameter_password(written, dollar_escape)
        if found:
            return EmbeddedPassword(None, found)
    return None


def _parameter_password(text: str, dollar_escape: bool) -> str | None:
    for match in _PARAMETER.finditer(text):
        name, value = match.group(1), match.group(2)
        if is_credential_name(name) and _literal_password(value, dollar_escape):
            return name.strip()
    return None


def _literal_password(password: str, dollar_escape: bool) -> bool:
    return bool(password) and not has_reference(password, dollar_escape=dollar_escape) and not is_placeholder(password)


# --- files ----------------------------------------------------------------------------------


class SecretFile(Record, frozen=True, slots=True):
    """A path that names a secret file or a folder of them."""

    name: str  # the part of the path that says so: id_rsa, .aws/credentials, .ssh
    what: str  # for messages: "an SSH private key"
    folder: bool = False


_SSH_KEY = LazyPattern(r"(?:.*[_.-])?id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?|ssh_host_\w+_key")
_DOTENV_TEMPLATES = {"example", "sample", "template", "tpl", "dist", "defaults", "default", "schema", "tmpl", "in"}
_FILES: dict[str, str] = {
    ".npmrc": "an npm config, which holds registry tokens",
    ".pypirc": "a PyPI config with upload credentials",
    ".netrc": "a netrc file of login credentials",
    "_netrc": "a netrc file of login credentials",
    ".git-credentials": "stored Git credentials",
    ".pgpass": "a PostgreSQL password file",
    ".my.cnf": "a MySQL client config with its password",
    ".dockercfg": "Docker registry credentials",
    ".s3cfg": "an s3cmd config with S3 keys",
    ".vault-token": "a Vault token",
    "kubeconfig": "a kubeconfig with cluster credentials",
    "credentials.json": "a credentials file",
    "application_default_credentials.json": "Google Cloud credentials",
    "secring.gpg": "a GnuPG secret keyring",
    "ipsec.secrets": "IPsec secrets",
    "chap-secrets": "PPP CHAP passwords",
    "pap-secrets": "PPP PAP passwords",
    "secrets.yml": "a secrets file",
    "secrets.yaml": "a secrets file",
    "secrets.json": "a secrets file",
    "secrets.toml": "a secrets file",
}
# files known by their folder too: (folder, file) -> what
_PATHS: dict[tuple[str, str], str] = {
    (".aws", "credentials"): "AWS credentials",
    (".docker", "config.json"): "a Docker config with registry credentials",
    (".kube", "config"): "a kubeconfig with cluster credentials",
    (".composer", "auth.json"): "Composer registry credentials",
    ("gcloud", "credentials.db"): "Google Cloud credentials",
    ("gcloud", "access_tokens.db"): "Google Cloud credentials",
}
_FOLDERS: dict[str, str] = {
    ".ssh": "SSH keys",
    ".aws": "AWS credentials",
    ".gnupg": "GnuPG private keys",
    ".kube": "Kubernetes credentials",
    ".azure": "Azure credentials",
    ".password-store": "a password store",
}
# folders that are credentials only in a home directory: a project's .docker/ holds build files
_HOME_FOLDERS: dict[str, str] = {".docker": "Docker registry credentials", "gcloud": "Google Cloud credentials"}
_HOME = LazyPattern(rf"{HOME_DIRECTORY}(?:/\.config)?$")
_KEY_EXTENSIONS = {
    ".key": "a private key",
    ".ppk": "a PuTTY private key",
    ".p12": "a PKCS #12 bundle with a private key",
}
_KEY_EXTENSIONS[".pfx"] = _KEY_EXTENSIONS[".p12"]
_KEYSTORE_EXTENSIONS = {".jks", ".keystore", ".bks"}
_WORD = re.compile(r"[a-z0-9]+")
_PRIVATE_WORDS = {"key", "keys", "privkey", "private", "priv", "secret", "secrets"}
# a .key file named like this is a public signing key (nginx_signing.key, repo.gpg.key)
_PUBLIC_KEY_WORDS = {"gpg", "pgp", "signing", "release", "archive", "keyring", "repo", "apt", "pub", "public", "pubkey"}
# a .pem file named, or copied from or to a folder named, like this is a certificate
_CERTIFICATE_WORDS = {
    "cert",
    "certs",
    "certificate",
    "certificates",
    "crt",
    "ca",
    "cacert",
    "cacerts",
    "chain",
    "fullchain",
    "bundle",
    "pub",
    "public",
    "pubkey",
    "rootca",
    "trust",
    "truststore",
    "trusted",
}
_TRUST_STORE_WORDS = {"trust", "truststore", "cacerts"}
_GLOB = LazyPattern(r"[*?\[]")
# names a glob such as ``id_*`` or ``.env*`` is checked against
_GLOB_CANDIDATES = ("id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".env", *_FILES)


def secret_file(path: str, *, context: str = "") -> SecretFile | None:
    """What secret ``path`` (a COPY/ADD source or destination, possibly a glob) names, if any.

    ``context`` is another path of the same copy, such as its destination: a PEM file copied
    to ``/etc/ssl/certs/`` is a certificate.
    """
    parts = [part for part in path.replace("\\", "/").split("/") if part not in ("", ".")]
    while parts and parts[-1] in ("*", "**"):
        parts.pop()
    if not parts:
        return None
    name = parts[-1]
    folder = parts[-2] if len(parts) > 1 else ""
    lower, folder_lower = name.lower(), folder.lower()
    if (folder_lower, lower) in _PATHS:
        return SecretFile(f"{folder}/{name}", _PATHS[folder_lower, lower])
    if lower in _FOLDERS:
        return SecretFile(name, _FOLDERS[lower], folder=True)
    parent = ("/" if path.startswith("/") else "") + "/".join(parts[:-1])
    if lower in _HOME_FOLDERS and _HOME.match(parent):
        return SecretFile(name, _HOME_FOLDERS[lower], folder=True)
    if _GLOB.search(name):
        return _secret_glob(name, parts, context)
    return _secret_name(name, parts, context)


_HARMLESS_IN_FOLDER = LazyPattern(
    r"known_hosts\d?|authorized_keys\d?|config|ssh_config|rc|environment|pubring\.kbx|pubring\.gpg|trustdb\.gpg"
    r"|.*\.(?:pub|conf|cfg)",
    re.IGNORECASE,
)


def is_harmless_in_credential_folder(path: str) -> bool:
    """Files that live in ``~/.ssh``, ``~/.aws`` or ``~/.gnupg`` but hold no secret:
    ``known_hosts``, ``authorized_keys``, ``config``, ``*.pub``, ``*.conf``, public keyrings."""
    parts = [part for part in path.replace("\\", "/").split("/") if part not in ("", ".", "*", "**")]
    return bool(parts) and bool(_HARMLESS_IN_FOLDER.fullmatch(parts[-1]))


def _secret_name(name: str, parts: list[str], context: str) -> SecretFile | None:
    lower = name.lower()
    if lower.endswith(".pub"):
        return None
    if _SSH_KEY.fullmatch(lower):
        return SecretFile(name, "an SSH private key")
    if lower in _FILES:
        return SecretFile(name, _FILES[lower])
    if lower == ".env" or (lower.startswith(".env.") and lower.rsplit(".", 1)[-1] not in _DOTENV_TEMPLATES):
        return SecretFile(name, "a dotenv file of secrets")
    if lower.endswith(".kubeconfig"):
        return SecretFile(name, "a kubeconfig with cluster credentials")
    if lower.startswith("client_secret") and lower.endswith(".json"):
        return SecretFile(name, "an OAuth client secret")
    if re.search(r"service[-_]?account.*\.json$", lower):
        return SecretFile(name, "a service account key")
    extension = lower[lower.rfind(".") :] if "." in lower[1:] else ""
    words = {word for part in (*parts[:-1], name, context) for word in _WORD.findall(part.lower())}
    stem_words = set(_WORD.findall(lower[: len(lower) - len(extension)]))
    if extension == ".key" and stem_words & _PUBLIC_KEY_WORDS:
        return None  # nginx_signing.key, repo.gpg.key: public signing keys
    if extension in (".p12", ".pfx", *_KEYSTORE_EXTENSIONS) and words & _TRUST_STORE_WORDS:
        return None  # a trust store holds certificates only
    if extension in _KEY_EXTENSIONS:
        return SecretFile(name, _KEY_EXTENSIONS[extension])
    if extension in _KEYSTORE_EXTENSIONS:
        return SecretFile(name, "a Java keystore with private keys")
    if extension == ".pem":
        if stem_words & _PRIVATE_WORDS:
            return SecretFile(name, "a PEM private key")
        if words & _CERTIFICATE_WORDS:
            return None  # ca.pem, certs/fullchain.pem: certificates
        return SecretFile(name, "a PEM file, which usually holds a private key")
    return None


def _secret_glob(name: str, parts: list[str], context: str) -> SecretFile | None:
    """``*.pem``, ``keys/*.key``, ``id_*``, ``.env*``: a glob that picks secret files."""
    lower = name.lower()
    extension = re.fullmatch(r"\*(\.[a-z0-9]+)", lower)
    if extension:
        found = _secret_name(f"file{extension.group(1)}", parts, context)
        return SecretFile(name, _glob_what(extension.group(1))) if found else None
    first_glob = _GLOB.search(lower)
    if first_glob is None or first_glob.start() < 3:
        return None  # ``*rc`` or ``.*rc`` picks .bashrc as much as .npmrc: too broad to say
    matched = next((candidate for candidate in _GLOB_CANDIDATES if fnmatch.fnmatchcase(candidate, lower)), None)
    if matched is None:
        return None
    found = _secret_name(matched, parts, context)
    return SecretFile(name, found.what) if found else None


def _glob_what(extension: str) -> str:
    if extension == ".pem":
        return "PEM files, which usually hold private keys"
    if extension in _KEYSTORE_EXTENSIONS:
        return "Java keystores with private keys"
    return "private keys"


def literal_credential(name: str, written: str) -> str | None:
    """How a Compose setting ``name: written`` exposes a credential, for messages (``a literal
    value``, ``a URL with a literal password (postgres://)``), or None."""
    if is_credential_name(name) and is_literal_secret(written, dollar_escape=True):
        return "a literal value"
    embedded = embedded_password(written, dollar_escape=True)
    return embedded.describe() if embedded is not None else None

"""The language package manager model: tools, subcommands, requirements and their pins, and the
cache mounts that hold each tool's download cache."""

from __future__ import annotations

import pytest

from hullcheck.model import command_line
from hullcheck.model.cache_mounts import covers
from hullcheck.model.command_line import read_command_line
from hullcheck.model.commands.language_packages import (
    CACHES,
    PackageCommand,
    cache_user,
    exported_values,
    gem_requirements,
    go_requirements,
    is_npm_install,
    is_pip_install,
    is_yarn_install,
    npm_requirements,
    package_command,
    package_commands,
    pip_requirements,
    uncached_commands,
)
from hullcheck.model.dockerfile import RunInstruction
from hullcheck.model.span import Located, Span
from hullcheck.parsers.dockerfile import parse_dockerfile
from hullcheck.parsers.shell import add_nested_scripts, parse_shell


def one_line(start: int, end: int) -> Span:
    return Span(1, start + 1, 1, end + 1)


def read(text: str) -> list[PackageCommand]:
    script = parse_shell(text, one_line)
    add_nested_scripts(script)
    return list(package_commands(script))


def one(text: str) -> PackageCommand:
    (found,) = read(text)
    return found


def pins(text: str) -> list[tuple[str, str]]:
    found = one(text)
    if found.tool == "go":
        requirements = go_requirements(found)
    elif found.tool == "gem":
        requirements = gem_requirements(found)
    elif found.tool == "npm":
        requirements = npm_requirements(found)
    else:
        requirements = pip_requirements(found)
    return [(requirement.word.value, requirement.pin.value) for requirement in requirements]


@pytest.mark.parametrize(
    ("text", "tool", "action"),
    [
        ("pip install flask", "pip", "install"),
        ("pip3.12 --no-cache-dir install flask", "pip", "install"),
        ("python3 -m pip install -U pip", "pip", "install"),
        ("sudo -H /opt/venv/bin/pip install x", "pip", "install"),
        ("uv pip install flask", "uv", "install"),
        ("uv --no-cache pip install flask", "uv", "install"),
        ("npm --prefix /app ci", "npm", "ci"),
        ("yarn --frozen-lockfile", "yarn", None),
        ("gem i rails", "gem", "i"),
        ("bundler install", "bundle", "install"),
        ("go -C /src install ./cmd/...", "go", "-C"),
        ("go install -ldflags '-s -w' ./cmd/app", "go", "install"),
        ("./gradlew build", "gradle", None),
        ("./mvnw -B package", "mvn", None),
    ],
)
def test_tool_and_subcommand(text: str, tool: str, action: str | None) -> None:
    found = one(text)
    assert (found.tool, found.action) == (tool, action)


def test_not_package_managers() -> None:
    assert read("pipe install x; python app.py; node -e 'x'; npx foo; gopls") == []


def test_inside_sh_c_and_substitutions() -> None:
    found = read("sh -c 'pip install a && npm i b' && echo $(go install c)")
    assert sorted(command.tool for command in found) == ["go", "npm", "pip"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pip install flask", [("flask", "unpinned")]),
        (
            "pip install flask==3.0.3 'requests>=2' 'x~=1.0' y!=2 z===1",
            [
                ("flask==3.0.3", "pinned"),
                ("requests>=2", "pinned"),
                ("x~=1.0", "pinned"),
                ("y!=2", "pinned"),
                ("z===1", "pinned"),
            ],
        ),
        (
            "pip install 'flask[async]==3.0.3' 'flask[async]'",
            [("flask[async]==3.0.3", "pinned"), ("flask[async]", "unpinned")],
        ),
        (
            "pip install . .[dev] ./src /wheels/a.whl dist/x.tar.gz x.whl",
            [
                (".", "pinned"),
                (".[dev]", "pinned"),
                ("./src", "pinned"),
                ("/wheels/a.whl", "pinned"),
                ("dist/x.tar.gz", "pinned"),
                ("x.whl", "pinned"),
            ],
        ),
        (
            "pip install git+https://github.com/o/r.git@v1.0#egg=r git+https://github.com/o/r.git",
            [
                ("git+https://github.com/o/r.git@v1.0#egg=r", "pinned"),
                ("git+https://github.com/o/r.git", "unpinned"),
            ],
        ),
        ("pip install git+ssh://git@github.com/o/r.git", [("git+ssh://git@github.com/o/r.git", "unpinned")]),
        ("pip install https://example.com/x-1.0.tar.gz", [("https://example.com/x-1.0.tar.gz", "pinned")]),
        ("pip install 'r @ git+https://h/o/r.git@abc'", [("r @ git+https://h/o/r.git@abc", "pinned")]),
        (
            "pip install $PACKAGES flask==$V flask$V",
            [("$PACKAGES", "unknown"), ("flask==$V", "pinned"), ("flask$V", "unknown")],
        ),
        ("pip install -i https://x/simple --extra-index-url https://y flask", [("flask", "unpinned")]),
        ("pip install -r requirements.txt gunicorn", [("gunicorn", "unpinned")]),
        ("pip install -c constraints.txt flask", []),
        (
            "pip install -e git+https://h/o/r.git#egg=r -e .",
            [("git+https://h/o/r.git#egg=r", "unpinned"), (".", "pinned")],
        ),
        ("pip install 'six; python_version < \"3\"'", [('six; python_version < "3"', "unpinned")]),
    ],
)
def test_pip_pins(text: str, expected: list[tuple[str, str]]) -> None:
    assert pins(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("npm install express @scope/pkg", [("express", "unpinned"), ("@scope/pkg", "unpinned")]),
        (
            "npm i express@4.19.2 @scope/pkg@^1 express@latest",
            [
                ("express@4.19.2", "pinned"),
                ("@scope/pkg@^1", "pinned"),
                ("express@latest", "unpinned"),
            ],
        ),
        ("npm install --registry https://r.example express", [("express", "unpinned")]),
        (
            "npm install git+https://github.com/o/r.git git://github.com/o/r.git#v1 o/r o/r#abc",
            [
                ("git+https://github.com/o/r.git", "unpinned"),
                ("git://github.com/o/r.git#v1", "pinned"),
                ("o/r", "unpinned"),
                ("o/r#abc", "pinned"),
            ],
        ),
        (
            "npm install ./lib /src ~/x pkg-1.0.0.tgz https://x/p.tgz file:../p",
            [
                ("./lib", "pinned"),
                ("/src", "pinned"),
                ("~/x", "pinned"),
                ("pkg-1.0.0.tgz", "pinned"),
                ("https://x/p.tgz", "pinned"),
                ("file:../p", "pinned"),
            ],
        ),
        ("npm install ${PKG}", [("${PKG}", "unknown")]),
        ("npm install", []),
    ],
)
def test_npm_pins(text: str, expected: list[tuple[str, str]]) -> None:
    assert pins(text) == expected


def test_npm_install_aliases_and_others() -> None:
    assert all(is_npm_install(one(f"npm {verb} x")) for verb in ("install", "i", "add", "ci", "it", "isntall"))
    assert not is_npm_install(one("npm run install"))
    assert not is_npm_install(one("npm --loglevel install run build"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gem install bundler rake:13.2.1", [("bundler", "unpinned"), ("rake:13.2.1", "pinned")]),
        ("gem install nokogiri -v 1.16.5", [("nokogiri", "pinned")]),
        ("gem install nokogiri --version=1.16.5", [("nokogiri", "pinned")]),
        ("gem install x:1 -- --use-system-libraries", [("x:1", "pinned")]),
        ("gem install ./pkg/app-1.0.gem $GEMS", [("./pkg/app-1.0.gem", "pinned"), ("$GEMS", "unknown")]),
        ("gem install -N --no-document -i /gems bundler", [("bundler", "unpinned")]),
    ],
)
def test_gem_pins(text: str, expected: list[tuple[str, str]]) -> None:
    assert pins(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("go install example.com/tool@v1.2.3", [("example.com/tool@v1.2.3", "pinned")]),
        ("go install example.com/tool@latest", [("example.com/tool@latest", "unpinned")]),
        (
            "go get -u example.com/x example.com/y@upgrade",
            [("example.com/x", "unpinned"), ("example.com/y@upgrade", "unpinned")],
        ),
        (
            "go install . ./cmd/... /src/app all tool",
            [
                (".", "pinned"),
                ("./cmd/...", "pinned"),
                ("/src/app", "pinned"),
                ("all", "pinned"),
                ("tool", "pinned"),
            ],
        ),
        ("go run main.go --flag x", [("main.go", "pinned")]),
        ("go run example.com/tool@v1 -x unpinned/arg", [("example.com/tool@v1", "pinned")]),
        ("go install -ldflags '-s -w' -o /bin/x example.com/x@v1", [("example.com/x@v1", "pinned")]),
        ("go build -o /bin/app .", []),
    ],
)
def test_go_pins(text: str, expected: list[tuple[str, str]]) -> None:
    assert pins(text) == expected


def test_go_flags_are_single_dash_long_options() -> None:
    words = [Located(text, one_line(0, 1)) for text in ("-ldflags", "-s -w", "--tags=x", "-v", "./app", "-x")]
    line = read_command_line(words, command_line.GO)
    assert [(option.name, option.value_text) for option in line.options] == [
        ("-ldflags", "-s -w"),
        ("-tags", "x"),
        ("-v", None),
    ]
    assert [word.value for word in line.operands] == ["./app", "-x"]  # options end at the package


def test_pip_install_predicates() -> None:
    assert is_pip_install(one("pipx install black"))
    assert is_pip_install(one("uv pip install x"))
    assert not is_pip_install(one("uv tool install black"))
    assert not is_pip_install(one("pip download flask"))
    assert is_yarn_install(one("yarn")) and is_yarn_install(one("yarn install --frozen-lockfile"))
    assert not is_yarn_install(one("yarn add x"))


def test_exported_values() -> None:
    script = parse_shell("export PIP_NO_CACHE_DIR=1 && A=2 sudo env B=3 pip install x", one_line)
    add_nested_scripts(script)
    pip = next(command for command in script.every_command() if command.name == "sudo")
    assert exported_values(script, pip) == {"PIP_NO_CACHE_DIR": "1", "A": "2", "B": "3"}


@pytest.mark.parametrize(
    ("text", "cache"),
    [
        ("npm ci", "npm"),
        ("npm run build", None),
        ("cargo build --release", "cargo"),
        ("cargo fmt", None),
        ("go build ./...", "go"),
        ("go vet ./...", None),
        ("mvn -B -f pom.xml clean package", "mvn"),
        ("mvn dependency:go-offline", "mvn"),
        ("mvn -v", None),
        ("./gradlew --no-daemon build", "gradle"),
        ("composer install --no-dev", "composer"),
        ("composer dump-autoload", None),
        ("dotnet restore", "nuget"),
        ("dotnet --info", None),
        ("nuget restore app.sln", "nuget"),
        ("pnpm install --frozen-lockfile", "pnpm"),
        ("mix do deps.get, compile", "mix"),
        ("mix phx.digest", None),
        ("gem install rails", "gem"),
        ("bundle install", "gem"),
        ("bundle", "gem"),
        ("bundle exec rake", None),
    ],
)
def test_cache_user(text: str, cache: str | None) -> None:
    assert cache_user(one(text)) == cache


def run_instruction(text: str) -> RunInstruction:
    model = parse_dockerfile(f"FROM x\n{text}\n", "Dockerfile").model
    (run,) = model.stages[0].instructions
    assert isinstance(run, RunInstruction)
    return run


@pytest.mark.parametrize(
    ("run", "uncached"),
    [
        ("RUN npm ci", 1),
        ("RUN --mount=type=cache,target=/root/.npm npm ci", 0),
        ("RUN --mount=type=tmpfs,target=/home/node/.npm npm ci", 0),
        ("RUN --mount=type=bind,target=/root/.npm npm ci", 1),
        ("RUN --mount=type=cache,target=/cache npm ci", 1),
        ("RUN --mount=type=cache,target=/cache npm_config_cache=/cache/npm npm ci", 0),
        ("RUN --mount=type=cache,target=/cache export npm_config_cache=/cache && npm ci", 0),
        ("RUN --mount=type=cache,target=/cache sh -c 'npm ci && npm ci'", 2),
    ],
)
def test_uncached_commands(run: str, uncached: int) -> None:
    assert len(uncached_commands(run_instruction(run), "npm")) == uncached


def test_cache_variables_from_env() -> None:
    model = parse_dockerfile(
        "FROM x\nENV GOMODCACHE=/mod\nRUN --mount=type=cache,target=/mod go build .\n", "Dockerfile"
    ).model
    run = model.stages[0].instructions[-1]
    assert isinstance(run, RunInstruction)
    assert uncached_commands(run, "go") == []


def test_covers() -> None:
    pip = CACHES["pip"]
    assert covers("/root/.cache/pip", pip) and covers("/root/.cache", pip) and covers("/root/.cache/", pip)
    assert not covers("/root", pip) and not covers("/var/cache", pip)
    assert covers("/pipcache", pip, ["/pipcache/http"])
    assert not covers("/pip", pip, ["/pipcache"])


def test_package_command_of_a_plain_command_is_none() -> None:
    script = parse_shell("echo pip install x", one_line)
    assert all(package_command(command) is None for command in script.commands)

"""Shell practice in build steps: programs with no use in a build, cd, /bin/sh links, useradd of a
high UID, wget's progress output, and the archives a step unpacks."""

from __future__ import annotations

import pytest

from hullcheck.model.commands.archives import extractions, tar_command_line
from hullcheck.model.commands.practice import (
    changes_directory,
    download_tool,
    links_default_shell,
    pointless_in_build,
    useradd_high_uid,
    wget_progress_unset,
)
from hullcheck.model.span import Unresolved
from hullcheck.parsers.shell import parse_shell
from tests.model.test_commands import command, one_line


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("top", "top"),
        ("sudo service cron start", "service"),
        ("/usr/bin/vim x", "vim"),
        ("busybox ps", "ps"),
        ("command kill 1", "kill"),
        ("apt-get install -y ssh", None),
        ("command -v ps", None),
        ("ifconfig", None),  # in hadolint's message, not in its list
        ("ssh-keyscan github.com", None),
    ],
)
def test_pointless_in_build(text: str, found: str | None) -> None:
    inner = pointless_in_build(command(text))
    assert (inner.name if inner else None) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [("cd /app", True), ("builtin cd /app", True), ("command cd x", True), ("pushd /x", True), ("echo cd", False)],
)
def test_changes_directory(text: str, found: bool) -> None:
    assert (changes_directory(command(text)) is not None) is found


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("ln -sf /bin/bash /bin/sh", "/bin/sh"),
        ("ln -s -f bash /usr/bin/sh", "/usr/bin/sh"),
        ("sudo ln -sfv /bin/bash /bin//sh", "/bin//sh"),
        ("ln -s /bin/sh /usr/local/bin/sh", None),
        ("ln -sf /bin/true /sbin/initctl", None),
        ("ln -s -t /bin /usr/bin/bash", None),
        ("something_with /bin/sh", None),
    ],
)
def test_links_default_shell(text: str, link: str | None) -> None:
    found = links_default_shell(command(text))
    assert (found.value if found else None) == link


VARIABLES = {"BIG": "1000000", "SMALL": "1000", "LATER": Unresolved("$X", "unset")}


@pytest.mark.parametrize(
    ("text", "uid"),
    [
        ("useradd -u 123456 luser", 123456),
        ("useradd --uid=1000000 luser", 1000000),
        ("useradd -mu1000000 luser", 1000000),
        ("useradd -u ${BIG} luser", 1000000),
        ("useradd -u $BIG luser", 1000000),
        ("useradd -u ${UNSET:-200000} luser", 200000),
        ("useradd -u 12345 luser", None),
        ("useradd -l -u 123456 luser", None),
        ("useradd --no-log-init -u 123456 luser", None),
        ("useradd -lu 123456 luser", None),
        ("useradd -u ${SMALL} luser", None),  # hadolint counts the characters of ${SMALL}
        ("useradd -u $LATER luser", None),
        ("useradd -u $UNSET luser", None),
        ("useradd -u 1${BIG} luser", None),
        ("useradd luser", None),
        ("adduser -u 123456 luser", None),
    ],
)
def test_useradd_high_uid(text: str, uid: int | None) -> None:
    found = useradd_high_uid(command(text), VARIABLES.get)
    assert (found.uid if found else None) == uid


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("wget my.xyz", True),
        ("wget -O- my.xyz", True),
        ("wget -nc my.xyz", True),
        ("sudo wget my.xyz", True),
        ("busybox wget my.xyz", True),
        ("wget --progress=dot:giga my.xyz", False),
        ("wget --progress bar my.xyz", False),
        ("wget -q my.xyz", False),
        ("wget -qO- my.xyz", False),
        ("wget --quiet my.xyz", False),
        ("wget -nv my.xyz", False),
        ("wget --no-verbose my.xyz", False),
        ("wget -o /tmp/wget.log my.xyz", False),
        ("wget --output-file=/tmp/wget.log my.xyz", False),
        ("wget -a /tmp/wget.log my.xyz", False),
        ("wget -e progress=dot:mega my.xyz", False),
        ("wget --version", False),
        ("curl my.xyz", False),
    ],
)
def test_wget_progress_unset(text: str, flagged: bool) -> None:
    assert (wget_progress_unset(command(text)) is not None) is flagged


@pytest.mark.parametrize(("text", "tool"), [("curl -fsSL x", "curl"), ("sudo wget x", "wget"), ("echo curl", None)])
def test_download_tool(text: str, tool: str | None) -> None:
    found = download_tool(command(text))
    assert (found.name if found else None) == tool


def test_tar_reads_the_traditional_form() -> None:
    line = tar_command_line(command("tar xzfv app.tgz -C /opt"))
    assert [option.name for option in line.options] == ["--extract", "--gzip", "--file", "-v", "--directory"]
    assert line.named("--file")[0].value_text == "app.tgz"
    assert not line.operands
    # letters that take values take the next words in order
    line = tar_command_line(command("tar xfC app.tar /opt member"))
    assert line.named("--file")[0].value_text == "app.tar"
    assert line.named("--directory")[0].value_text == "/opt"
    assert [operand.value for operand in line.operands] == ["member"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("tar -xf /usr/src/app/packaged-app.tar", [("packaged-app.tar", True)]),
        ("tar --extract --file=app.tar", [("app.tar", True)]),
        ("tar xzf app.tgz -C /opt", [("app.tgz", True)]),
        ("tar -xJf node.tar.xz --strip-components=1 -C /usr/local", [("node.tar.xz", False)]),
        ("tar -xf app.tar app/bin", [("app.tar", False)]),
        ("tar -xf app.tar --exclude=docs", [("app.tar", False)]),
        ("gunzip -c app.tar.gz | tar -x -C /opt", [("app.tar.gz", True)]),
        ("cat app.tar | tar -xf -", [("app.tar", True)]),
        ("xz -dc app.tar.xz | tar x", [("app.tar.xz", True)]),
        ("gunzip app.tar.gz", [("app.tar.gz", True)]),
        ("gzip -d app.tgz", [("app.tgz", True)]),
        ('tar -xf "C:\\Program Files\\Foo\\bar.tar.gz"', [("bar.tar.gz", True)]),
        ("gunzip data.gz", []),
        ("gzip app.tar", []),
        ("tar -cf app.tar dist", []),
        ("tar -tf app.tar", []),
        ("unzip app.zip", []),
        ("curl -fsSL https://x/app.tgz | tar -xz", []),
    ],
)
def test_extractions(text: str, found: list[tuple[str, bool]]) -> None:
    script = parse_shell(text, one_line)
    assert [(e.name, e.whole) for pipeline in script.pipelines for e in extractions(pipeline)] == found

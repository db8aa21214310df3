"""The OS package manager model: managers, actions, options and pinned package operands."""

from __future__ import annotations

import pytest

from hullcheck.model.commands.packages import Family, Kind, PackageCommand, package_command
from hullcheck.model.span import Span
from hullcheck.parsers.shell import add_nested_scripts, parse_shell


def one_line(start: int, end: int) -> Span:
    return Span(1, start + 1, 1, end + 1)


def read(text: str) -> list[PackageCommand]:
    script = parse_shell(text, one_line)
    add_nested_scripts(script)
    return [found for command in script.every_command() if (found := package_command(command)) is not None]


def one(text: str) -> PackageCommand:
    (found,) = read(text)
    return found


def pins(text: str) -> list[tuple[str, str, str | None]]:
    return [(package.word.value, package.pin.value, package.version) for package in one(text).packages]


@pytest.mark.parametrize(
    ("text", "manager", "family", "verb"),
    [
        ("apt-get install -y x", "apt-get", Family.APT, "install"),
        ("sudo apt-get install -y x", "apt-get", Family.APT, "install"),
        ("env X=1 apt-get install -y x", "apt-get", Family.APT, "install"),
        ("DEBIAN_FRONTEND=noninteractive apt-get -yqq install x", "apt-get", Family.APT, "install"),
        ("apt full-upgrade -y", "apt", Family.APT, "dist-upgrade"),
        ("busybox apk add x", "apk", Family.APK, "add"),
        ("yum -y erase x", "yum", Family.YUM, "remove"),
        ("yum localinstall -y x.rpm", "yum", Family.YUM, "install"),
        ("dnf update -y", "dnf", Family.YUM, "upgrade"),
        ("microdnf install x", "microdnf", Family.YUM, "install"),
        ("zypper -n in x", "zypper", Family.ZYPPER, "install"),
        ("zypper --non-interactive dup", "zypper", Family.ZYPPER, "dist-upgrade"),
        ("zypper cc -a", "zypper", Family.ZYPPER, "clean"),
    ],
)
def test_manager_and_verb(text: str, manager: str, family: Family, verb: str) -> None:
    found = one(text)
    assert (found.manager, found.family, found.verb) == (manager, family, verb)
    assert found.program.value.endswith(manager)


def test_other_programs_are_not_package_managers() -> None:
    assert read("echo apt-get install x; apt-cache policy x; rpm -i x.rpm; pip install x") == []


def test_nested_scripts_are_read() -> None:
    managers = sorted(found.manager for found in read("sh -c 'apt-get install -y x' && echo $(apk add y)"))
    assert managers == ["apk", "apt-get"]


def test_options_keep_their_spans() -> None:
    found = one("apt-get -qq install --no-install-recommends -o APT::Get::Assume-Yes=true x")
    (recommends,) = found.named("--no-install-recommends")
    assert (recommends.span.column, recommends.span.end_column) == (21, 44)
    (setting,) = found.named("--option")
    assert setting.value_text == "APT::Get::Assume-Yes=true"
    assert [package.word.value for package in found.packages] == ["x"]


def test_option_values_are_not_packages() -> None:
    assert [p.word.value for p in one("apk add --virtual .deps -X https://r x").packages] == ["x"]
    assert [p.word.value for p in one("apt-get install -t stable -o A=1 x").packages] == ["x"]
    assert [p.word.value for p in one("dnf --enablerepo epel install --setopt=a=1 x").packages] == ["x"]
    assert [p.word.value for p in one("zypper --root /mnt in -r repo x").packages] == ["x"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "apt-get install x=1.2 y=1.* z:amd64=2 w/bookworm ./a.deb /tmp/b.deb q",
            [
                ("x=1.2", "version", "1.2"),
                ("y=1.*", "version", "1.*"),
                ("z:amd64=2", "version", "2"),
                ("w/bookworm", "release", "bookworm"),
                ("./a.deb", "file", None),
                ("/tmp/b.deb", "file", None),
                ("q", "none", None),
            ],
        ),
        (
            'apt-get install $PKG ${A}=${B} x=$V "lib${X}" php${V}-redis $(cat list)',
            [
                ("$PKG", "unknown", None),
                ("${A}=${B}", "version", "${B}"),
                ("x=$V", "version", "$V"),
                ("lib${X}", "unknown", None),
                ("php${V}-redis", "none", None),
                ("$(cat list)", "unknown", None),
            ],
        ),
        (
            "apk add a=1.2-r0 b~1.2 c~=1 'd<2' 'e>=1' f@edge g h.apk https://x/i.apk ${DEPS}",
            [
                ("a=1.2-r0", "version", "1.2-r0"),
                ("b~1.2", "version", "1.2"),
                ("c~=1", "version", "1"),
                ("d<2", "version", "2"),
                ("e>=1", "version", "1"),
                ("f@edge", "release", "edge"),
                ("g", "none", None),
                ("h.apk", "file", None),
                ("https://x/i.apk", "file", None),
                ("${DEPS}", "unknown", None),
            ],
        ),
        (
            "yum install -y a-1.2.3 b-1.2.3-1.el8 c-1:1.1.1k gcc-c++-1.1 rpm-sign java-11-openjdk d.x86_64"
            " e-2.0.x86_64 f-$V /tmp/g.rpm https://x/h.rpm 'i >= 2'",
            [
                ("a-1.2.3", "version", "1.2.3"),
                ("b-1.2.3-1.el8", "version", "1.2.3-1.el8"),
                ("c-1:1.1.1k", "version", "1:1.1.1k"),
                ("gcc-c++-1.1", "version", "1.1"),
                ("rpm-sign", "none", None),
                ("java-11-openjdk", "none", None),
                ("d.x86_64", "none", None),
                ("e-2.0.x86_64", "version", "2.0"),
                ("f-$V", "version", "$V"),
                ("/tmp/g.rpm", "file", None),
                ("https://x/h.rpm", "file", None),
                ("i >= 2", "version", "2"),
            ],
        ),
        (
            "zypper -n in a=1.2 'b>=1' 'c<2' d e.rpm",
            [
                ("a=1.2", "version", "1.2"),
                ("b>=1", "version", "1"),
                ("c<2", "version", "2"),
                ("d", "none", None),
                ("e.rpm", "file", None),
            ],
        ),
    ],
)
def test_pins(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert pins(text) == expected


def test_shell_redirect_is_not_a_version() -> None:
    # unquoted, ``>1`` is a redirect: the package is a bare name
    assert pins("apk add x>1") == [("x", "none", None)]


def test_pinned() -> None:
    found = one("apt-get install a=1 b c/stable d.deb $E")
    assert [package.pinned for package in found.packages] == [True, False, False, True, None]


@pytest.mark.parametrize(
    ("text", "scope", "kinds", "pinned"),
    [
        ("dnf module install -y nodejs:18 tomcat", "module", [Kind.MODULE] * 2, [True, False]),
        ("yum groupinstall -y 'Development Tools'", "group", [Kind.GROUP], [False]),
        ("dnf group install -y core", "group", [Kind.GROUP], [False]),
        ("dnf install -y @core @nodejs:18", None, [Kind.GROUP, Kind.MODULE], [False, True]),
        ("zypper -n in -t pattern devel_basis", None, [Kind.GROUP], [False]),
        ("zypper -n in pattern:devel_basis", None, [Kind.GROUP], [False]),
        ("apt-get install -y a- b=1", None, [Kind.REMOVAL, Kind.PACKAGE], [False, True]),
    ],
)
def test_groups_modules_and_removals(text: str, scope: str | None, kinds: list[Kind], pinned: list[bool]) -> None:
    found = one(text)
    assert found.scope == scope
    assert [package.kind for package in found.packages] == kinds
    assert [package.pinned for package in found.packages] == pinned


@pytest.mark.parametrize(
    ("text", "assumes_yes"),
    [
        ("apt-get install x", False),
        ("apt-get install -y x", True),
        ("apt-get install --yes x", True),
        ("apt-get install --assume-yes x", True),
        ("apt-get -yq install x", True),
        ("apt-get -q install x", False),
        ("apt-get -qq install x", True),
        ("apt-get -q -q install x", True),
        ("apt-get -q=2 install x", True),
        ("apt-get --quiet=2 install x", True),
        ("apt-get --force-yes install x", False),
        ("apt-get -o APT::Get::Assume-Yes=true install x", True),
        ("apt-get -o apt::get::assume-yes=1 install x", True),
        ("apt-get -o APT::Get::Assume-Yes=false install x", False),
        ("yum install x", False),
        ("yum install -y x", True),
        ("dnf --assumeyes install x", True),
        ("dnf --setopt=assumeyes=True install x", True),
        ("dnf --setopt=assumeyes=0 install x", False),
        ("microdnf install x", True),
        ("zypper install x", False),
        ("zypper -n install x", True),
        ("zypper --non-interactive install x", True),
        ("zypper install -y x", True),
        ("zypper install --no-confirm x", True),
        ("zypper install -n x", True),
        ("apk add x", True),
        ("apk add -i x", False),
    ],
)
def test_assumes_yes(text: str, assumes_yes: bool) -> None:
    assert one(text).assumes_yes is assumes_yes


def test_zypper_global_options_end_at_the_command() -> None:
    found = one("zypper --non-interactive --gpg-auto-import-keys install --no-recommends -y x")
    assert [option.name for option in found.options] == [
        "--non-interactive",
        "--gpg-auto-import-keys",
        "--no-recommends",
        "--no-confirm",
    ]
    assert found.action is not None and found.action.value == "install"


def test_no_action() -> None:
    found = one("apt-get --version")
    assert (found.action, found.verb, found.packages) == (None, None, ())

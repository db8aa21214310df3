"""What a package manager's build step leaves in the image: caches and lists, what removes them,
the mounts that keep them out of the layer, the stages that end up in an image, and apt's
recommended packages."""

from __future__ import annotations

import pytest

from hullcheck.model.commands.package_caches import (
    APK_CACHES,
    APT_LISTS,
    RPM_CACHES,
    cleans_rpm_cache,
    image_stages,
    installs_recommends,
    left_in_image,
    packages_in,
    removed_in,
    removes,
    script_packages,
    zypper_clean_all,
)
from hullcheck.model.commands.packages import Family, PackageCommand, package_command
from hullcheck.model.dockerfile import Dockerfile, RunInstruction
from hullcheck.parsers.dockerfile import parse_dockerfile
from tests.model.test_commands import command


def _package(text: str) -> PackageCommand:
    package = package_command(command(text))
    assert package is not None
    return package


@pytest.mark.parametrize(
    ("text", "removed"),
    [
        ("rm -rf /var/lib/apt/lists/*", True),
        ("rm -rf /var/lib/apt/lists", True),
        ("rm -rf /var/lib/apt/lists/", True),
        ("rm -fr /var/lib/apt/lists/* /tmp/*", True),
        ("rm -r -f /var/lib/apt", True),  # a folder above, recursively
        ("rm --recursive --force /var/lib/apt/*", True),
        ('rm -rf "/var/lib/apt/lists/"*', True),  # the glob is outside the quotes
        ("sudo rm -rf /var/lib/apt/lists/*", True),
        ("rm -f /var/lib/apt/lists/*", True),  # the files go: they are what weighs
        ("rm -rf $LISTS", True),  # unknown: may well be the lists
        ("rm -rf '/var/lib/apt/lists/*'", False),  # a file named '*'
        ("rm -rf /var/lib/apt/lists/\\*", False),
        ("rm -f /var/lib/apt/lists", False),  # a folder without -r: rm refuses
        ("rm /var/lib/apt/*", False),  # the files of the folder above, not the lists
        ("rm -rf /var/lib/apt/lists/partial", False),
        ("rm -rf /tmp/*", False),
        ("rm -rf lists/*", False),  # relative: where it points is not known here
        ("apt-get clean", False),
        ("echo rm -rf /var/lib/apt/lists/*", False),
    ],
)
def test_removes_the_apt_lists(text: str, removed: bool) -> None:
    assert removes(command(text), APT_LISTS) is removed


def test_removes_any_of_several_folders() -> None:
    assert removes(command("rm -rf /var/cache/libdnf5"), RPM_CACHES)
    assert removes(command("rm -rf /etc/apk/cache/*"), APK_CACHES)
    assert not removes(command("rm -rf /var/cache/apt/*"), APK_CACHES)


def _runs(text: str) -> list[RunInstruction]:
    model = parse_dockerfile(text, "Dockerfile").model
    return [i for stage in model.stages for i in stage.instructions if isinstance(i, RunInstruction)]


def _updates(package: PackageCommand) -> bool:
    return package.family is Family.APT and package.verb == "update"


def _never(package: PackageCommand) -> bool:
    return False


@pytest.mark.parametrize(
    ("run", "left"),
    [
        ("RUN apt-get update && apt-get install -y x", "apt-get"),
        ("RUN apt-get update && rm -rf /var/lib/apt/lists/*", None),
        ("RUN rm -rf /var/lib/apt/lists/* && apt-get update", "apt-get"),  # removed before it is filled
        ("RUN apt-get update && rm -rf /var/lib/apt/lists/* && apt update", "apt"),
        ("RUN sh -c 'apt-get update; rm -rf /var/lib/apt/lists/*'", None),
        ("RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update", None),
        ("RUN --mount=type=cache,target=/var/lib/apt apt-get update", None),  # a folder above
        ("RUN --mount=type=tmpfs,target=/var/lib/apt/lists/ apt-get update", None),
        ("RUN --mount=type=cache,target=/var/lib/apt/lists/partial apt-get update", "apt-get"),  # below
        ("RUN --mount=type=cache,target=/var/cache/apt apt-get update", "apt-get"),
        ("RUN --mount=type=bind,target=/var/lib/apt/lists,rw apt-get update", None),  # writes discarded
        ("RUN --mount=type=bind,target=/var/lib/apt/lists apt-get update", "apt-get"),  # read-only: it fails
    ],
)
def test_left_in_image(run: str, left: str | None) -> None:
    (instruction,) = _runs(f"FROM debian\n{run}\n")
    found = left_in_image(instruction, APT_LISTS, _updates, _never)
    assert (found.manager if found else None) == left


def _stage_names(dockerfile: Dockerfile) -> list[str | int]:
    return [stage.name or stage.index for stage in image_stages(dockerfile)]


def test_image_stages() -> None:
    text = """FROM debian AS build
FROM debian AS base
FROM base AS dev
FROM alpine AS assets
FROM debian AS unused
RUN --mount=from=assets,target=/a true
FROM base
COPY --from=build /x /x
COPY --from=0 /y /y
"""
    model = parse_dockerfile(text, "Dockerfile").model
    # build and assets are only copied from; dev and unused are not built; base is the final's base
    assert _stage_names(model) == ["base", 5]


@pytest.mark.parametrize(
    ("text", "recommends"),
    [
        ("apt-get install -y curl", True),
        ("apt install curl", True),
        ("apt-get -qq install curl", True),
        ("apt-get install -y --no-install-recommends curl", False),
        ("apt-get --no-install-recommends -y install curl", False),
        ("apt-get install curl --no-install-recommends", False),
        ("apt-get -o APT::Install-Recommends=false install curl", False),
        ("apt-get -o apt::install-recommends=0 install curl", False),
        ("apt-get -oAPT::Install-Recommends=no install curl", False),
        ("apt-get -o APT::Install-Recommends=true install curl", True),
        ("apt-get update", False),
        ("apt-get remove curl", False),
        ("aptitude install curl", False),  # aptitude's own options are not read
    ],
)
def test_installs_recommends(text: str, recommends: bool) -> None:
    assert installs_recommends(_package(text)) is recommends


@pytest.mark.parametrize(
    ("text", "cleans"),
    [
        ("yum clean all", True),
        ("dnf clean all", True),
        ("microdnf clean all", True),
        ("dnf5 clean metadata packages", True),
        ("yum clean packages", False),
        ("yum clean metadata", False),
        ("yum install -y all", False),
    ],
)
def test_cleans_rpm_cache(text: str, cleans: bool) -> None:
    assert cleans_rpm_cache(_package(text)) is cleans


@pytest.mark.parametrize(
    ("text", "all_caches"),
    [
        ("zypper clean --all", True),
        ("zypper cc -a", True),
        ("zypper -n clean -a", True),
        ("zypper clean", False),
        ("zypper cc", False),
        ("zypper install -y curl", None),
    ],
)
def test_zypper_clean_all(text: str, all_caches: bool | None) -> None:
    assert zypper_clean_all(_package(text)) is all_caches


def test_packages_and_removals_of_a_script_are_read_once() -> None:
    (run,) = _runs("FROM debian\nRUN sudo apt-get update && sh -c 'rm -rf /var/lib/apt/lists/*' && echo apk add x\n")
    assert [package.manager for package in packages_in(run.script)] == ["apt-get"]
    assert removed_in(run.script, APT_LISTS)
    assert not removed_in(run.script, APK_CACHES)
    assert script_packages(run.script) is script_packages(run.script)

"""Windows containers: the Linux-only hardening rules (no-new-privileges, a read-only root
filesystem, dropped capabilities) do not ask a Windows container for settings it does not have,
and still ask everything that may run on Linux."""

from __future__ import annotations

import pytest

from hullcheck.engine.lint import LintOptions, lint_bytes
from hullcheck.model.image import ImageReference
from hullcheck.model.predicates import is_windows_image
from tests.samples import security_rules

LINUX_ONLY = ("missing-no-new-privileges", "writable-root-filesystem", "capabilities-not-dropped")
ALL = LintOptions(rules=security_rules())


def reported(text: str, name: str = "compose.yaml") -> set[str]:
    """The Linux-only rules that report something on ``text``."""
    names = {finding.rule.name for finding in lint_bytes(text.encode(), name, ALL).findings}
    assert not names & {"parse-error", "unknown-compose-key"}
    return names & set(LINUX_ONLY)


def service(*lines: str) -> str:
    return "services:\n  app:\n" + "".join(f"    {line}\n" for line in lines)


WINDOWS = {
    "platform": service("image: example/app:1.0", "platform: windows/amd64"),
    "platform in capitals": service("image: example/app:1.0", "platform: Windows/amd64"),
    "platform with a version": service("image: example/app:1.0", "platform: windows/amd64/10.0.20348.2113"),
    "platform without an architecture": service("image: example/app:1.0", "platform: windows"),
    "process isolation": service("image: example/app:1.0", "isolation: process"),
    "hyperv isolation": service("build: .", "image: example/app:1.0", "isolation: HyperV"),
    "server core": service("image: mcr.microsoft.com/windows/servercore:ltsc2022"),
    "nano server": service("image: mcr.microsoft.com/windows/nanoserver:ltsc2022"),
    "IIS on server core": service("image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"),
    "the full windows image": service("image: mcr.microsoft.com/windows:ltsc2019"),
    "dotnet framework": service("image: mcr.microsoft.com/dotnet/framework/aspnet:4.8.1"),
    "aspnet on nano server": service("image: mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022"),
    "powershell on nano server": service("image: mcr.microsoft.com/powershell:lts-nanoserver-ltsc2022"),
    "sdk on server core": service("image: mcr.microsoft.com/dotnet/sdk:8.0-windowsservercore-ltsc2022"),
    "the Docker Hub name": service("image: microsoft/windowsservercore:1803"),
    "a Docker Hub tag": service("image: microsoft/dotnet:2.1-runtime-nanoserver-1809"),
    "unknown platform, windows image": service(
        "image: mcr.microsoft.com/windows/nanoserver:ltsc2022", "platform: ${PLATFORM}"
    ),
}

LINUX = {
    "no platform": service("image: example/app:1.0"),
    "linux platform": service("image: example/app:1.0", "platform: linux/amd64"),
    "linux platform wins over the image": service(
        "image: mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022", "platform: linux/amd64"
    ),
    "unknown platform": service("image: example/app:1.0", "platform: ${PLATFORM}"),
    "default isolation": service("image: example/app:1.0", "isolation: default"),
    "unknown isolation": service("image: example/app:1.0", "isolation: ${ISOLATION}"),
    "a multi-platform microsoft image": service("image: mcr.microsoft.com/dotnet/aspnet:8.0"),
    "a linux microsoft image": service("image: mcr.microsoft.com/powershell:lts-ubuntu-22.04"),
    "nanoserver tag outside microsoft": service("image: example/app:nanoserver"),
    "a repository named like windows": service("image: mcr.microsoft.com/windowsfoo:1"),
    "servercore as a word part": service("image: mcr.microsoft.com/dotnet/aspnet:8.0-notservercores"),
}


@pytest.mark.parametrize("rule", LINUX_ONLY)
@pytest.mark.parametrize("text", WINDOWS.values(), ids=WINDOWS.keys())
def test_a_windows_container_is_not_asked_for_linux_only_settings(rule: str, text: str) -> None:
    assert rule not in reported(text)


@pytest.mark.parametrize("rule", LINUX_ONLY)
@pytest.mark.parametrize("text", LINUX.values(), ids=LINUX.keys())
def test_a_container_that_may_run_linux_still_is(rule: str, text: str) -> None:
    assert rule in reported(text)


def test_resource_limits_are_still_asked_of_a_windows_container() -> None:
    text = service("image: mcr.microsoft.com/windows/servercore:ltsc2022")
    result = lint_bytes(text.encode(), "compose.yaml", ALL)
    assert "missing-resource-limits" in {finding.rule.name for finding in result.findings}


def test_docker_run_of_a_windows_image() -> None:
    windows = "docker run --rm mcr.microsoft.com/windows/servercore:ltsc2022 cmd /c ver\n"
    linux = "docker run --rm mcr.microsoft.com/dotnet/aspnet:8.0\n"
    assert reported(windows, "run.sh") == set()
    assert reported(linux, "run.sh") == set(LINUX_ONLY)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("docker run --isolation=hyperv example/app:1.0\n", "run.sh"),
        ("docker run --isolation process example/app:1.0\n", "run.sh"),
        ("podman run --platform windows/amd64 example/app:1.0\n", "run.sh"),
        ("import docker\ndocker.from_env().containers.run('example/app:1.0', isolation='hyperv')\n", "start.py"),
        ("import docker\ndocker.from_env().containers.run('example/app:1.0', platform='windows/amd64')\n", "start.py"),
        ("from python_on_whales import docker\ndocker.run('example/app:1.0', platform='windows/amd64')\n", "start.py"),
    ],
)
def test_platform_and_isolation_of_code_and_scripts(text: str, name: str) -> None:
    assert reported(text, name) == set()
    linux = text.replace("windows/amd64", "linux/amd64").replace("hyperv", "default").replace("process", "default")
    assert reported(linux, name) == set(LINUX_ONLY)


@pytest.mark.parametrize(
    ("image", "windows"),
    [
        ("mcr.microsoft.com/windows/servercore:ltsc2022", True),
        ("MCR.Microsoft.com/windows/nanoserver:ltsc2022", True),
        ("mcr.microsoft.com/windows/servercore/iis", True),
        ("mcr.microsoft.com/dotnet/framework/runtime:4.8", True),
        ("mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-1809", True),
        ("mcr.microsoft.com/dotnet/runtime:8.0-windowsservercore-ltsc2022", True),
        ("microsoft/nanoserver", True),
        ("microsoft/iis:windowsservercore", True),
        ("mcr.microsoft.com/dotnet/aspnet:8.0", False),
        ("mcr.microsoft.com/dotnet/aspnet", False),
        ("mcr.microsoft.com/mssql/server:2022-latest", False),
        ("mcr.microsoft.com/windowsfoo:1", False),
        ("example.com/windows/servercore:ltsc2022", False),
        ("example/app:nanoserver", False),
        ("windows:latest", False),
    ],
)
def test_is_windows_image(image: str, windows: bool) -> None:
    assert is_windows_image(ImageReference.parse(image)) is windows

from __future__ import annotations

import pytest

from hullcheck.model.hardening import (
    CapabilityTier,
    capability_risk,
    disabled_protection,
    is_unlimited,
    no_new_privileges,
    normalize_capability,
    parse_security_option,
)


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("SYS_ADMIN", "SYS_ADMIN"),
        ("CAP_SYS_ADMIN", "SYS_ADMIN"),
        ("cap_sys_admin", "SYS_ADMIN"),
        (" sys_admin ", "SYS_ADMIN"),
        ("all", "ALL"),
        ("CAP_ALL", "CAP_ALL"),  # Docker rejects it rather than reading ALL
    ],
)
def test_normalize_capability(written: str, name: str) -> None:
    assert normalize_capability(written) == name


@pytest.mark.parametrize(
    ("name", "tier"),
    [
        ("ALL", CapabilityTier.HOST_CONTROL),
        ("cap_sys_module", CapabilityTier.HOST_CONTROL),
        ("DAC_READ_SEARCH", CapabilityTier.HOST_CONTROL),
        ("NET_ADMIN", CapabilityTier.HOST_IMPACT),
        ("sys_boot", CapabilityTier.HOST_IMPACT),
        ("CHOWN", None),
        ("NET_RAW", None),
        ("IPC_LOCK", None),
        ("SYS_ADMINISTRATOR", None),
    ],
)
def test_capability_tiers(name: str, tier: CapabilityTier | None) -> None:
    risk = capability_risk(name)
    assert (risk.tier if risk else None) == tier


@pytest.mark.parametrize(
    ("option", "key", "value"),
    [
        ("seccomp=unconfined", "seccomp", "unconfined"),
        ("seccomp:unconfined", "seccomp", "unconfined"),
        ("label=type:spc_t", "label", "type:spc_t"),  # "=" wins over ":"
        ("label:type:spc_t", "label", "type:spc_t"),  # else the first ":"
        ("no-new-privileges", "no-new-privileges", None),
        ("disable", "label", "disable"),
    ],
)
def test_parse_security_option(option: str, key: str, value: str | None) -> None:
    parsed = parse_security_option(option)
    assert parsed is not None and (parsed.key, parsed.value) == (key, value)


def test_an_option_without_separator_is_not_parsed() -> None:
    assert parse_security_option("unconfined") is None


@pytest.mark.parametrize(
    "option",
    [
        "seccomp=unconfined",
        "seccomp:unconfined",
        "apparmor=unconfined",
        "apparmor:unconfined",
        "label=disable",
        "label:disable",
        "disable",
        "label=type:spc_t",
        "label:type:unconfined_t",
        "systempaths=unconfined",
    ],
)
def test_disabled_protection(option: str) -> None:
    assert disabled_protection(option) is not None


@pytest.mark.parametrize(
    "option",
    [
        "seccomp=./profile.json",
        "seccomp=Unconfined",
        "Seccomp=unconfined",
        "apparmor=docker-default",
        "label=level:s0:c100,c200",
        "label=type:container_t",
        "systempaths:unconfined",
        "no-new-privileges:true",
        "unconfined",
    ],
)
def test_protection_kept(option: str) -> None:
    assert disabled_protection(option) is None


@pytest.mark.parametrize(
    ("option", "setting"),
    [
        ("no-new-privileges", True),
        ("no-new-privileges:true", True),
        ("no-new-privileges=true", True),
        ("no-new-privileges=1", True),
        ("no-new-privileges:True", True),
        ("no-new-privileges:false", False),
        ("no-new-privileges=0", False),
        ("no-new-privileges:yes", None),  # Go's ParseBool rejects it, and so does the engine
        ("seccomp=unconfined", None),
        ("no-new-privileges-extra", None),
    ],
)
def test_no_new_privileges(option: str, setting: bool | None) -> None:
    assert no_new_privileges(option) is setting


@pytest.mark.parametrize(
    ("value", "unlimited"),
    [("0", True), ("-1", True), ("0m", True), ("0.0", True), ("512m", False), ("1.5G", False), ("100", False)],
)
def test_is_unlimited(value: str, unlimited: bool) -> None:
    assert is_unlimited(value) is unlimited

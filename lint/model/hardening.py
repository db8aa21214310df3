"""Runtime hardening facts: Linux capabilities and security options, as Docker reads them.

Capabilities are named as Docker normalizes them: case-insensitive, with or without the
``CAP_`` prefix (``cap_sys_admin`` is ``SYS_ADMIN``); ``ALL`` stands for every capability.

Security options follow the engine's parser (``parseSecurityOpt`` in moby's
``daemon/daemon_unix.go``): ``key=value`` or the deprecated ``key:value``, split at the first
``=`` if there is one, else at the first ``:``; keys and profile names are case-sensitive.
``systempaths=unconfined`` is read by the client (docker CLI, Compose) and only with ``=``.
"""

from __future__ import annotations

import enum
import re

from hullcheck.model.container import Container
from hullcheck.model.values import go_bool
from hullcheck.records import Record

ALL_CAPABILITIES = "ALL"


class CapabilityTier(enum.Enum):
    """How much a capability gives away beyond the container."""

    HOST_CONTROL = "host-control"  # enough, alone, to control the host: its kernel, files or network
    HOST_IMPACT = "host-impact"  # reaches state shared with the host, short of an escape


class CapabilityRisk(Record, frozen=True, slots=True):
    tier: CapabilityTier
    allows: str  # completes "which lets the container …"


_CONTROL = CapabilityTier.HOST_CONTROL
_IMPACT = CapabilityTier.HOST_IMPACT
CAPABILITY_RISKS: dict[str, CapabilityRisk] = {
    ALL_CAPABILITIES: CapabilityRisk(_CONTROL, "do anything root can, close to privileged mode"),
    "SYS_ADMIN": CapabilityRisk(_CONTROL, "mount filesystems and use most admin interfaces, a known escape route"),
    "SYS_MODULE": CapabilityRisk(_CONTROL, "load modules into the host's kernel"),
    "SYS_RAWIO": CapabilityRisk(_CONTROL, "do raw I/O on host devices and memory"),
    "SYS_PTRACE": CapabilityRisk(_CONTROL, "trace and inject code into other processes"),
    "DAC_READ_SEARCH": CapabilityRisk(_CONTROL, "open any host file by handle (open_by_handle_at), around its mounts"),
    "BPF": CapabilityRisk(_CONTROL, "load BPF programs into the kernel"),
    "MAC_ADMIN": CapabilityRisk(_CONTROL, "change the host's AppArmor, SELinux or Smack policy"),
    "NET_ADMIN": CapabilityRisk(_IMPACT, "reconfigure interfaces, routes and firewall rules"),
    "SYS_BOOT": CapabilityRisk(_IMPACT, "reboot and load a new kernel with kexec"),
    "SYS_TIME": CapabilityRisk(_IMPACT, "set the system clock, which the host shares"),
    "SYSLOG": CapabilityRisk(_IMPACT, "read and clear the kernel log and see kernel addresses"),
    "PERFMON": CapabilityRisk(_IMPACT, "monitor the kernel with perf events"),
    "AUDIT_CONTROL": CapabilityRisk(_IMPACT, "change or turn off the host's audit rules"),
    "MAC_OVERRIDE": CapabilityRisk(_IMPACT, "override mandatory access control"),
}


def normalize_capability(name: str) -> str:
    """``cap_sys_admin`` -> ``SYS_ADMIN``, ``all`` -> ``ALL``: the name Docker compares.

    ``CAP_ALL`` stays ``CAP_ALL``: Docker rejects it rather than reading it as ``ALL``.
    """
    upper = name.strip().upper()
    if upper.startswith("CAP_") and upper != "CAP_ALL":
        return upper[4:]
    return upper


_NET_ADMIN_ON_HOST_NETWORK = CapabilityRisk(_CONTROL, "reconfigure the host's own interfaces, routes and firewall")


def capability_risk(name: str, host_network: bool = False) -> CapabilityRisk | None:
    """What adding capability ``name`` (any spelling) risks; None when it is not a known risk.

    ``host_network``: the container is in the host's network namespace, where ``NET_ADMIN``
    acts on the host's network itself."""
    normalized = normalize_capability(name)
    if normalized == "NET_ADMIN" and host_network:
        return _NET_ADMIN_ON_HOST_NETWORK
    return CAPABILITY_RISKS.get(normalized)


# --- security options ------------------------------------------------------------------

NO_NEW_PRIVILEGES = "no-new-privileges"
# SELinux process types that are not confined: "super privileged container" and unconfined
_UNCONFINED_SELINUX_TYPES = {"spc_t", "unconfined_t"}


class SecurityOption(Record, frozen=True, slots=True):
    """One ``security_opt`` entry, split as the engine splits it."""

    key: str
    value: str | None  # None for the bare forms ``no-new-privileges`` and ``disable``
    separator: str  # "=", ":" (deprecated) or "" for a bare form


def parse_security_option(text: str) -> SecurityOption | None:
    """Split ``text`` into key and value; None when it has neither separator nor a bare form."""
    option = text.strip()
    if option == NO_NEW_PRIVILEGES:
        return SecurityOption(NO_NEW_PRIVILEGES, None, "")
    if option == "disable":  # the engine's legacy spelling of label=disable
        return SecurityOption("label", "disable", "")
    for separator in ("=", ":"):
        if separator in option:
            key, _, value = option.partition(separator)
            return SecurityOption(key, value, separator)
    return None


def disabled_protection(text: str) -> str | None:
    """What the security option ``text`` turns off, in words; None when it turns nothing off."""
    option = parse_security_option(text)
    if option is None:
        return None
    if option.key == "seccomp" and option.value == "unconfined":
        return "seccomp syscall filtering"
    if option.key == "apparmor" and option.value == "unconfined":
        return "AppArmor confinement"
    if option.key == "label" and option.value == "disable":
        return "SELinux labeling"
    if option.key == "label" and option.value is not None:
        kind, _, label = option.value.partition(":")
        if kind == "type" and label in _UNCONFINED_SELINUX_TYPES:
            return f"SELinux confinement with the unconfined type {label}"
    # the client reads only the "=" spelling; the engine rejects "systempaths:unconfined"
    if option.key == "systempaths" and option.separator == "=" and option.value == "unconfined":
        return "the masking of sensitive /proc and /sys paths"
    # podman's spelling (Quadlet's Unmask=ALL): ALL unmasks every path masked or read-only by default
    if option.key == "unmask" and option.separator == "=" and "ALL" in (option.value or "").split(":"):
        return "the masking of sensitive /proc and /sys paths"
    return None


def no_new_privileges(text: str) -> bool | None:
    """The no-new-privileges setting ``text`` makes: True (bare or a true value), False, or
    None when ``text`` is another option or its value is not a boolean Docker accepts."""
    option = parse_security_option(text)
    if option is None or option.key != NO_NEW_PRIVILEGES:
        return None
    return True if option.value is None else go_bool(option.value)


# --- resource limits -------------------------------------------------------------------

RESOURCE_LIMITS = ("memory", "pids", "cpus")
_QUANTITY = re.compile(r"(-?\d+(?:\.\d*)?)\s*[a-zA-Z]*")


def is_unlimited(value: str) -> bool:
    """A limit of zero or less (``0``, ``-1``, ``0m``): Docker reads it as no limit at all."""
    match = _QUANTITY.fullmatch(value.strip())
    return match is not None and float(match.group(1)) <= 0


# --- settings that may come from elsewhere ---------------------------------------------


def may_inherit_settings(container: Container) -> bool:
    """True when fields this definition leaves out may be set elsewhere, so their absence
    is unknown: it ``extends`` another definition, it passes settings hullcheck cannot read
    (``**options``, ``$DOCKER_OPTS``), or it has neither an image nor a build (a fragment such
    as a ``compose.override.yaml`` entry, merged onto a definition in another file); or its
    format gives no way to write them (``settings_set_by``: a GitHub Actions ``docker://`` step,
    which runs with the runner's options), so their absence is nothing its author can change."""
    fragment = container.image is None and container.invalid_image is None and container.build is None
    fixed = container.settings_set_by is not None
    return container.extends is not None or container.unread_settings is not None or fragment or fixed

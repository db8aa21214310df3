"""The keys the Compose specification allows, by where they are written. Generated from the
specification's JSON schema by tests/parsers/generate_compose_keys.py: do not edit.
"""

from __future__ import annotations

from typing import NamedTuple

SCHEMA = "compose-spec/compose-spec schema/compose-spec.json, commit 00655e2222608fa6eaecdf12ac5195889ca2244a"


class Keys(NamedTuple):
    """What a mapping written at a path may hold."""

    known: frozenset[str]  # the keys the specification defines there
    names: str | None  # the pattern of the names it holds (services, networks), or None
    extensions: bool  # whether it takes x- extension keys too
    closed: bool  # whether Compose refuses any other key


# By path from the top of the file: a key, '*' for a name (a service's, a network's), '[]'
# for a list's entries. Mappings that refuse no key are listed only above ones that do.
MAPPINGS: dict[tuple[str, ...], Keys] = {
    (): Keys(
        frozenset({"configs", "include", "models", "name", "networks", "secrets", "services", "version", "volumes"}),
        None,
        True,
        True,
    ),
    ("configs",): Keys(frozenset(), "^[a-zA-Z0-9._-]+$", False, True),
    ("configs", "*"): Keys(
        frozenset({"content", "environment", "external", "file", "labels", "name", "template_driver"}), None, True, True
    ),
    ("include", "[]"): Keys(frozenset({"env_file", "path", "project_directory"}), None, False, True),
    ("models",): Keys(frozenset(), "^[a-zA-Z0-9._-]+$", False, False),
    ("models", "*"): Keys(frozenset({"context_size", "model", "name", "runtime_flags"}), None, True, True),
    ("networks",): Keys(frozenset(), "^[a-zA-Z0-9._-]+$", False, False),
    ("networks", "*"): Keys(
        frozenset(
            {
                "attachable",
                "driver",
                "driver_opts",
                "enable_ipv4",
                "enable_ipv6",
                "external",
                "internal",
                "ipam",
                "labels",
                "name",
            }
        ),
        None,
        True,
        True,
    ),
    ("networks", "*", "external"): Keys(frozenset({"name"}), None, True, True),
    ("networks", "*", "ipam"): Keys(frozenset({"config", "driver", "options"}), None, True, True),
    ("networks", "*", "ipam", "config", "[]"): Keys(
        frozenset({"aux_addresses", "gateway", "ip_range", "subnet"}), None, True, True
    ),
    ("secrets",): Keys(frozenset(), "^[a-zA-Z0-9._-]+$", False, True),
    ("secrets", "*"): Keys(
        frozenset({"driver", "driver_opts", "environment", "external", "file", "labels", "name", "template_driver"}),
        None,
        True,
        True,
    ),
    ("services",): Keys(frozenset(), "^[a-zA-Z0-9._-]+$", False, True),
    ("services", "*"): Keys(
        frozenset(
            {
                "annotations",
                "attach",
                "blkio_config",
                "build",
                "cap_add",
                "cap_drop",
                "cgroup",
                "cgroup_parent",
                "command",
                "configs",
                "container_name",
                "cpu_count",
                "cpu_percent",
                "cpu_period",
                "cpu_quota",
                "cpu_rt_period",
                "cpu_rt_runtime",
                "cpu_shares",
                "cpus",
                "cpuset",
                "credential_spec",
                "depends_on",
                "deploy",
                "develop",
                "device_cgroup_rules",
                "devices",
                "dns",
                "dns_opt",
                "dns_search",
                "domainname",
                "entrypoint",
                "env_file",
                "environment",
                "expose",
                "extends",
                "external_links",
                "extra_hosts",
                "gpus",
                "group_add",
                "healthcheck",
                "hostname",
                "image",
                "init",
                "ipc",
                "isolation",
                "label_file",
                "labels",
                "links",
                "logging",
                "mac_address",
                "mem_limit",
                "mem_reservation",
                "mem_swappiness",
                "memswap_limit",
                "models",
                "network_mode",
                "networks",
                "oom_kill_disable",
                "oom_score_adj",
                "pid",
                "pids_limit",
                "platform",
                "ports",
                "post_start",
                "pre_stop",
                "privileged",
                "profiles",
                "provider",
                "pull_policy",
                "pull_refresh_after",
                "read_only",
                "restart",
                "runtime",
                "scale",
                "secrets",
                "security_opt",
                "shm_size",
                "stdin_open",
                "stop_grace_period",
                "stop_signal",
                "storage_opt",
                "sysctls",
                "tmpfs",
                "tty",
                "ulimits",
                "use_api_socket",
                "user",
                "userns_mode",
                "uts",
                "volumes",
                "volumes_from",
                "working_dir",
            }
        ),
        None,
        True,
        True,
    ),
    ("services", "*", "blkio_config"): Keys(
        frozenset(
            {"device_read_bps", "device_read_iops", "device_write_bps", "device_write_iops", "weight", "weight_device"}
        ),
        None,
        False,
        True,
    ),
    ("services", "*", "blkio_config", "device_read_bps", "[]"): Keys(frozenset({"path", "rate"}), None, False, True),
    ("services", "*", "blkio_config", "device_read_iops", "[]"): Keys(frozenset({"path", "rate"}), None, False, True),
    ("services", "*", "blkio_config", "device_write_bps", "[]"): Keys(frozenset({"path", "rate"}), None, False, True),
    ("services", "*", "blkio_config", "device_write_iops", "[]"): Keys(frozenset({"path", "rate"}), None, False, True),
    ("services", "*", "blkio_config", "weight_device", "[]"): Keys(frozenset({"path", "weight"}), None, False, True),
    ("services", "*", "build"): Keys(
        frozenset(
            {
                "additional_contexts",
                "args",
                "cache_from",
                "cache_to",
                "context",
                "dockerfile",
                "dockerfile_inline",
                "entitlements",
                "extra_hosts",
                "isolation",
                "labels",
                "network",
                "no_cache",
                "platforms",
                "privileged",
                "pull",
                "secrets",
                "shm_size",
                "ssh",
                "tags",
                "target",
                "ulimits",
            }
        ),
        None,
        True,
        True,
    ),
    ("services", "*", "build", "secrets", "[]"): Keys(
        frozenset({"gid", "mode", "source", "target", "uid"}), None, True, True
    ),
    ("services", "*", "build", "ulimits"): Keys(frozenset(), "^[a-z]+$", False, False),
    ("services", "*", "build", "ulimits", "*"): Keys(frozenset({"hard", "soft"}), None, True, True),
    ("services", "*", "configs", "[]"): Keys(frozenset({"gid", "mode", "source", "target", "uid"}), None, True, True),
    ("services", "*", "credential_spec"): Keys(frozenset({"config", "file", "registry"}), None, True, True),
    ("services", "*", "depends_on"): Keys(frozenset(), "^[a-zA-Z0-9._-]+$", False, True),
    ("services", "*", "depends_on", "*"): Keys(frozenset({"condition", "required", "restart"}), None, True, True),
    ("services", "*", "deploy"): Keys(
        frozenset(
            {
                "endpoint_mode",
                "labels",
                "mode",
                "placement",
                "replicas",
                "resources",
                "restart_policy",
                "rollback_config",
                "update_config",
            }
        ),
        None,
        True,
        True,
    ),
    ("services", "*", "deploy", "placement"): Keys(
        frozenset({"constraints", "max_replicas_per_node", "preferences"}), None, True, True
    ),
    ("services", "*", "deploy", "placement", "preferences", "[]"): Keys(frozenset({"spread"}), None, True, True),
    ("services", "*", "deploy", "resources"): Keys(frozenset({"limits", "reservations"}), None, True, True),
    ("services", "*", "deploy", "resources", "limits"): Keys(frozenset({"cpus", "memory", "pids"}), None, True, True),
    ("services", "*", "deploy", "resources", "reservations"): Keys(
        frozenset({"cpus", "devices", "generic_resources", "memory"}), None, True, True
    ),
    ("services", "*", "deploy", "resources", "reservations", "devices", "[]"): Keys(
        frozenset({"capabilities", "count", "device_ids", "driver", "options"}), None, True, True
    ),
    ("services", "*", "deploy", "resources", "reservations", "generic_resources", "[]"): Keys(
        frozenset({"discrete_resource_spec"}), None, True, True
    ),
    ("services", "*", "deploy", "resources", "reservations", "generic_resources", "[]", "discrete_resource_spec"): Keys(
        frozenset({"kind", "value"}), None, True, True
    ),
    ("services", "*", "deploy", "restart_policy"): Keys(
        frozenset({"condition", "delay", "max_attempts", "window"}), None, True, True
    ),
    ("services", "*", "deploy", "rollback_config"): Keys(
        frozenset({"delay", "failure_action", "max_failure_ratio", "monitor", "order", "parallelism"}), None, True, True
    ),
    ("services", "*", "deploy", "update_config"): Keys(
        frozenset({"delay", "failure_action", "max_failure_ratio", "monitor", "order", "parallelism"}), None, True, True
    ),
    ("services", "*", "develop"): Keys(frozenset({"watch"}), None, True, True),
    ("services", "*", "develop", "watch", "[]"): Keys(
        frozenset({"action", "exec", "ignore", "include", "path", "target"}), None, True, True
    ),
    ("services", "*", "develop", "watch", "[]", "exec"): Keys(
        frozenset({"command", "environment", "privileged", "user", "working_dir"}), None, True, True
    ),
    ("services", "*", "devices", "[]"): Keys(frozenset({"permissions", "source", "target"}), None, True, True),
    ("services", "*", "env_file", "[]"): Keys(frozenset({"format", "path", "required"}), None, False, True),
    ("services", "*", "extends"): Keys(frozenset({"file", "service"}), None, False, True),
    ("services", "*", "healthcheck"): Keys(
        frozenset({"disable", "interval", "retries", "start_interval", "start_period", "test", "timeout"}),
        None,
        True,
        True,
    ),
    ("services", "*", "logging"): Keys(frozenset({"driver", "options"}), None, True, True),
    ("services", "*", "models"): Keys(frozenset(), "^[a-zA-Z0-9._-]+$", False, False),
    ("services", "*", "models", "*"): Keys(frozenset({"endpoint_var"}), None, True, True),
    ("services", "*", "networks"): Keys(frozenset(), "^[a-zA-Z0-9._-]+$", False, True),
    ("services", "*", "networks", "*"): Keys(
        frozenset(
            {
                "aliases",
                "driver_opts",
                "gw_priority",
                "interface_name",
                "ipv4_address",
                "ipv6_address",
                "link_local_ips",
                "mac_address",
                "priority",
            }
        ),
        None,
        True,
        True,
    ),
    ("services", "*", "ports", "[]"): Keys(
        frozenset({"app_protocol", "host_ip", "mode", "name", "protocol", "published", "target"}), None, True, True
    ),
    ("services", "*", "post_start", "[]"): Keys(
        frozenset({"command", "environment", "privileged", "user", "working_dir"}), None, True, True
    ),
    ("services", "*", "pre_stop", "[]"): Keys(
        frozenset({"command", "environment", "privileged", "user", "working_dir"}), None, True, True
    ),
    ("services", "*", "provider"): Keys(frozenset({"options", "type"}), None, True, True),
    ("services", "*", "secrets", "[]"): Keys(frozenset({"gid", "mode", "source", "target", "uid"}), None, True, True),
    ("services", "*", "ulimits"): Keys(frozenset(), "^[a-z]+$", False, False),
    ("services", "*", "ulimits", "*"): Keys(frozenset({"hard", "soft"}), None, True, True),
    ("services", "*", "volumes", "[]"): Keys(
        frozenset({"bind", "consistency", "image", "read_only", "source", "target", "tmpfs", "type", "volume"}),
        None,
        True,
        True,
    ),
    ("services", "*", "volumes", "[]", "bind"): Keys(
        frozenset({"create_host_path", "propagation", "recursive", "selinux"}), None, True, True
    ),
    ("services", "*", "volumes", "[]", "image"): Keys(frozenset({"subpath"}), None, True, True),
    ("services", "*", "volumes", "[]", "tmpfs"): Keys(frozenset({"mode", "size"}), None, True, True),
    ("services", "*", "volumes", "[]", "volume"): Keys(frozenset({"labels", "nocopy", "subpath"}), None, True, True),
    ("volumes",): Keys(frozenset(), "^[a-zA-Z0-9._-]+$", False, True),
    ("volumes", "*"): Keys(frozenset({"driver", "driver_opts", "external", "labels", "name"}), None, True, True),
    ("volumes", "*", "external"): Keys(frozenset({"name"}), None, True, True),
}

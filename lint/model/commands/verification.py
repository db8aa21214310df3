"""Which flags, configuration and environment variables of curl, wget, pip, apt, apk, rpm,
yum/dnf, npm, git … turn off TLS or signature verification."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Sequence

from hullcheck.model import command_line
from hullcheck.model.command_line import CommandLine, read_command_line
from hullcheck.model.commands import SCRIPT_MEMO
from hullcheck.model.commands.downloads import substituted_pipelines, writes_stdout
from hullcheck.model.commands.programs import effective, word_set, wrapper_chain
from hullcheck.model.shell import Pipeline, ShellCommand, ShellScript, is_assignment
from hullcheck.model.span import Located, Span
from hullcheck.model.values import is_loopback
from hullcheck.patterns import LazyPattern
from hullcheck.records import Record

TLS = "TLS certificate verification"
SIGNATURES = "package signature verification"

_FALSE = frozenset({"false", "0", "no", "off"})
_TRUE = frozenset({"true", "1", "yes", "on"})


class InsecureSetting(Record, frozen=True, slots=True):
    """A flag, configuration or variable that turns off TLS or signature verification."""

    span: Span
    tool: str  # the program, or what reads the variable ("Node.js")
    setting: str  # as written: "-k", "--allow-unauthenticated", "config http.sslVerify false", "A=0"
    disables: str  # what stops being checked
    variable: bool = False  # an environment variable rather than a flag of ``tool``
    note: str = ""


def _loopback_only(operands: Sequence[Located[str]]) -> bool:
    """True when every URL operand names this machine: a self-signed local endpoint is no
    man-in-the-middle risk (``curl -k https://localhost:8443/health``)."""
    from urllib.parse import urlsplit  # urllib.parse (with ipaddress, 5 M instructions) only for a URL

    hosts = []
    for operand in operands:
        text = operand.value
        if "://" not in text:
            continue
        try:
            hosts.append((urlsplit(text).hostname or "").lower())
        except ValueError:
            return False
    # as a destination, 0.0.0.0 is this machine too
    return bool(hosts) and all(is_loopback(host) or host == "0.0.0.0" for host in hosts)


_APT_FLAGS = {
    "--allow-unauthenticated": SIGNATURES,
    "--force-yes": SIGNATURES,
    "--allow-insecure-repositories": SIGNATURES,
    "--allow-downgrade-to-insecure-repositories": SIGNATURES,
}
# apt configuration options (``-o Key=value``), lower-cased, with the value that turns checks off
_APT_OPTIONS: tuple[tuple[LazyPattern[str], frozenset[str], str], ...] = (
    (LazyPattern(r"acquire::https?::(?:[^:]+::)?verify-(?:peer|host)"), _FALSE, TLS),
    (LazyPattern(r"acquire::(?:allowinsecurerepositories|allowdowngradetoinsecurerepositories)"), _TRUE, SIGNATURES),
    (LazyPattern(r"apt::get::allowunauthenticated"), _TRUE, SIGNATURES),
)
_YUM_NAMES = frozenset({"yum", "dnf", "dnf5", "microdnf", "tdnf", "yum-config-manager", "dnf-config-manager"})
_YUM_SETTINGS = {"sslverify": TLS, "gpgcheck": SIGNATURES, "localpkg_gpgcheck": SIGNATURES, "repo_gpgcheck": SIGNATURES}
_GIT_SSL_VERIFY = LazyPattern(r"http\.(?:.+\.)?sslverify", re.IGNORECASE)
_PIP_NAMES = re.compile(r"pip(?:\d+(?:\.\d+)*)?")


# Programs whose verification is turned off by a plain flag: name -> (flags, what they turn off)
_SIMPLE_FLAGS: dict[str, tuple[frozenset[str], str]] = {
    "fetch": (word_set("--no-verify-peer --no-verify-hostname"), TLS),
    "apk": (word_set("--allow-untrusted"), SIGNATURES),
    "rpm": (word_set("--nosignature --nodigest"), SIGNATURES),
    "zypper": (
        word_set("--no-gpg-checks --no-gpgcheck --gpgcheck-allow-unsigned --gpgcheck-allow-unsigned-package"),
        SIGNATURES,
    ),
}
_PACKAGE_FILE = re.compile(r".+\.(?:apk|rpm|deb)")


def insecure_settings(command: ShellCommand, verified: frozenset[str] = frozenset()) -> list[InsecureSetting]:
    """The flags and configuration changes in this command that turn verification off.

    ``verified`` holds the base names of files the script checks against a pinned digest or a
    signature (:func:`verified_files`): downloading or installing only those is not flagged."""
    found = [setting for layer in wrapper_chain(command) for setting in _insecure_assignments(layer)]
    inner = effective(command)
    name = inner.name
    words = inner.arguments
    if name == "curl":
        line = read_command_line(words, command_line.CURL)
        if not _loopback_only(line.operands) and not _only_verified(_curl_outputs(line), verified):
            insecure = line.named("--insecure", "--proxy-insecure", "--doh-insecure")
            found += [InsecureSetting(option.span, name, option.written, TLS) for option in insecure]
    elif name in ("wget", "wget2"):
        line = read_command_line(words, command_line.WGET)
        if not _loopback_only(line.operands) and not _only_verified(_wget_outputs(line), verified):
            found += _wget_settings(name, line)
    elif name in _SIMPLE_FLAGS:
        flags, disables = _SIMPLE_FLAGS[name]
        line = read_command_line(words, command_line.PLAIN)
        packages = [word.value for word in line.operands if _PACKAGE_FILE.fullmatch(word.value)]
        if not _only_verified(packages, verified):
            found += [InsecureSetting(option.span, name, option.written, disables) for option in line.named(*flags)]
    elif name == "aria2c":
        found += [
            InsecureSetting(option.span, name, f"{option.written}={option.value_text}", TLS)
            for option in read_command_line(words, command_line.PLAIN).named("--check-certificate")
            if (option.value_text or "").lower() in _FALSE
        ]
    elif _PIP_NAMES.fullmatch(name) or name == "uv":
        found += _pip_settings(name, read_command_line(words, command_line.UV if name == "uv" else command_line.PIP))
    elif name in ("apt-get", "apt", "aptitude"):
        line = read_command_line(words, command_line.APT)
        packages = [word.value for word in line.operands if _PACKAGE_FILE.fullmatch(word.value)]
        if not _only_verified(packages, verified):
            found += _apt_settings(name, line)
    elif name in _YUM_NAMES:
        line = read_command_line(words, command_line.YUM)
        packages = [word.value for word in line.operands if _PACKAGE_FILE.fullmatch(word.value)]
        if not _only_verified(packages, verified):
            found += _yum_settings(name, line)
    elif name in ("npm", "pnpm", "yarn"):
        found += _npm_settings(name, read_command_line(words, command_line.PLAIN))
    elif name == "git":
        found += _git_settings(name, read_command_line(words, command_line.GIT))
    elif name in ("conda", "mamba", "micromamba"):
        found += _conda_settings(name, words)
    elif name == "composer":
        found += _composer_settings(name, read_command_line(words, command_line.PLAIN))
    elif name in ("kubectl", "helm", "oc"):
        found += [
            InsecureSetting(option.span, name, option.written, TLS)
            for option in read_command_line(words, command_line.PLAIN).named("--insecure-skip-tls-verify")
            if option.value_text is None or option.value_text.lower() in _TRUE
        ]
    return found


def _only_verified(files: Sequence[str], verified: frozenset[str]) -> bool:
    """True when the command touches files, and the script verifies every one of them."""
    return bool(files) and all(posixpath.basename(file) in verified for file in files)


def _curl_outputs(line: CommandLine) -> list[str]:
    """The files curl writes: ``-o FILE``, or the URL's base name for ``-O``; none for stdout."""
    files = [option.value_text for option in line.named("--output") if not writes_stdout(option)]
    if line.named("--remote-name", "--remote-name-all"):
        files += [_url_basename(word.value) for word in line.operands]
    return [file for file in files if file]


def _wget_outputs(line: CommandLine) -> list[str]:
    """The file wget writes: ``-O FILE``, or the URL's base name; none for ``-O -``."""
    outputs = line.named("--output-document")
    if outputs:
        value = outputs[-1].value_text
        return [] if value is None or writes_stdout(outputs[-1]) else [value]
    return [_url_basename(word.value) for word in line.operands]


def _url_basename(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        return posixpath.basename(urlsplit(url).path)
    except ValueError:
        return ""


_CHECKSUM_TOOLS = frozenset({"sha256sum", "sha384sum", "sha512sum", "sha224sum", "b2sum", "shasum"})
_DIGEST = LazyPattern(r"[0-9a-fA-F]{56,128}")
_SIGNATURE_SUFFIXES = (".sig", ".asc", ".sign", ".gpg")


def verified_files(pipelines: Sequence[Pipeline]) -> frozenset[str]:
    """Base names of the files a script checks against a pinned digest
    (``echo "<sha256>  f.tgz" | sha256sum -c -``, ``sha256sum -c <<< "<sha256> f.tgz"``) or a
    detached signature (``gpg --verify f.sig f``, ``gpgv f.asc f``)."""
    files: set[str] = set()
    for pipeline in pipelines:
        for index, command in enumerate(pipeline.commands):
            inner = effective(command)
            if inner.name in _CHECKSUM_TOOLS and _checks(inner):
                texts = [redirect.value for redirect in inner.redirects]
                if index > 0 and effective(pipeline.commands[index - 1]).name in ("echo", "printf"):
                    texts += [word.value for word in effective(pipeline.commands[index - 1]).arguments]
                files |= _digest_lines(texts)
            elif inner.name in ("gpg", "gpg2", "gpgv"):
                files |= _signed_files(inner)
    return frozenset(files)


def _checks(command: ShellCommand) -> bool:
    return any(
        word.value == "--check"
        or (word.value.startswith("-") and not word.value.startswith("--") and "c" in word.value)
        for word in command.arguments
    )


def _digest_lines(texts: Sequence[str]) -> set[str]:
    """The files named beside a pinned digest in ``<digest>  <file>`` lines."""
    files: set[str] = set()
    for text in texts:
        tokens = text.split()
        if any(_DIGEST.fullmatch(token) for token in tokens):
            files |= {posixpath.basename(token.lstrip("*")) for token in tokens if not _DIGEST.fullmatch(token)}
    return files


def _signed_files(command: ShellCommand) -> set[str]:
    words = [word.value for word in command.arguments]
    if command.name != "gpgv":
        if "--verify" not in words:
            return set()
        words = words[words.index("--verify") + 1 :]
    operands = [word for word in words if not word.startswith("-")]
    if len(operands) >= 2:
        return {posixpath.basename(operand) for operand in operands[1:]}
    if len(operands) == 1 and operands[0].endswith(_SIGNATURE_SUFFIXES):
        return {posixpath.basename(operands[0]).rsplit(".", 1)[0]}
    return set()


def _wget_settings(name: str, line: CommandLine) -> list[InsecureSetting]:
    found = [InsecureSetting(option.span, name, option.written, TLS) for option in line.named("--no-check-certificate")]
    for option in line.named("--check-certificate"):
        if (option.value_text or "").lower() in _FALSE | {"quiet"}:
            found.append(InsecureSetting(option.span, name, f"{option.written}={option.value_text}", TLS))
    for option in line.named("--execute"):
        key, _, value = (option.value_text or "").replace(" ", "").partition("=")
        if key.lower().replace("-", "_") == "check_certificate" and value.lower() in _FALSE:
            found.append(InsecureSetting(option.span, name, f"{option.written} {option.value_text}", TLS))
    return found


def _pip_settings(name: str, line: CommandLine) -> list[InsecureSetting]:
    found = [
        InsecureSetting(
            option.span, name, f"{option.written} {option.value_text or ''}".strip(), f"{TLS} for {option.value_text}"
        )
        for option in line.named("--trusted-host", "--allow-insecure-host")
    ]
    operands = line.operands
    if len(operands) >= 4 and [w.value for w in operands[:2]] == ["config", "set"]:
        key, value = operands[2], operands[3]
        if key.value.split(".")[-1] == "trusted-host" and value.value:
            span = key.span.cover(value.span)
            found.append(
                InsecureSetting(span, name, f"config set {key.value} {value.value}", f"{TLS} for {value.value}")
            )
    return found


def _apt_settings(name: str, line: CommandLine) -> list[InsecureSetting]:
    found = [
        InsecureSetting(option.span, name, option.written, _APT_FLAGS[option.name])
        for option in line.named(*_APT_FLAGS)
    ]
    for option in line.named("--option"):
        key, _, value = (option.value_text or "").partition("=")
        for pattern, values, disables in _APT_OPTIONS:
            if pattern.fullmatch(key.strip().lower()) and value.strip().strip("\"'").lower() in values:
                found.append(InsecureSetting(option.span, name, f"-o {option.value_text}", disables))
    return found


def _yum_settings(name: str, line: CommandLine) -> list[InsecureSetting]:
    found = [
        InsecureSetting(option.span, name, option.written, SIGNATURES)
        for option in line.named("--nogpgcheck", "--nogpg", "--no-gpgchecks")
    ]
    for option in line.named("--setopt"):
        key, _, value = (option.value_text or "").partition("=")
        disables = _YUM_SETTINGS.get(key.strip().lower().rsplit(".", 1)[-1])
        if disables and value.strip().lower() in _FALSE:
            found.append(InsecureSetting(option.span, name, f"--setopt={option.value_text}", disables))
    return found


def _npm_settings(name: str, line: CommandLine) -> list[InsecureSetting]:
    found = []
    for option in line.options:
        if option.name in ("--strict-ssl", "--strict_ssl") and (option.value_text or "").lower() in _FALSE:
            found.append(InsecureSetting(option.span, name, f"{option.written}={option.value_text}", TLS))
        elif option.name == "--no-strict-ssl":
            found.append(InsecureSetting(option.span, name, option.written, TLS))
    operands = line.operands
    values = [word.value for word in operands]
    start = 2 if values[:2] == ["config", "set"] else 1 if values[:1] == ["set"] else None
    if start is None or len(operands) <= start:
        return found
    key_word = operands[start]
    key, equals, value = key_word.value.partition("=")
    span = key_word.span
    if not equals and len(operands) > start + 1:
        value, span = operands[start + 1].value, key_word.span.cover(operands[start + 1].span)
    normalized = key.lower().replace("_", "-")
    if normalized in ("strict-ssl", "enablestrictssl") and value.lower() in _FALSE:
        written = " ".join(word.value for word in operands[: start + (1 if equals else 2)])
        found.append(InsecureSetting(span, name, written, TLS))
    return found


def _git_settings(name: str, line: CommandLine) -> list[InsecureSetting]:
    found = []
    for option in line.named("-c"):
        key, equals, value = (option.value_text or "").partition("=")
        if _GIT_SSL_VERIFY.fullmatch(key) and equals and value.lower() in _FALSE | {""}:
            found.append(InsecureSetting(option.span, name, f"-c {option.value_text}", TLS))
    operands = line.operands
    values = [word.value for word in operands]
    if values[:1] != ["config"]:
        return found
    start = 2 if values[1:2] == ["set"] else 1
    if len(operands) >= start + 2:
        key_word, value_word = operands[start], operands[start + 1]
        if _GIT_SSL_VERIFY.fullmatch(key_word.value) and value_word.value.lower() in _FALSE:
            setting = f"config {key_word.value} {value_word.value}"
            found.append(InsecureSetting(key_word.span.cover(value_word.span), name, setting, TLS))
    return found


def _conda_settings(name: str, words: Sequence[Located[str]]) -> list[InsecureSetting]:
    values = [word.value for word in words]
    if "config" not in values:
        return []
    found = []
    for index, value in enumerate(values[:-2]):
        if value == "--set" and values[index + 1] == "ssl_verify" and values[index + 2].lower() in _FALSE:
            span = words[index].span.cover(words[index + 2].span)
            found.append(InsecureSetting(span, name, f"config --set ssl_verify {values[index + 2]}", TLS))
    return found


def _composer_settings(name: str, line: CommandLine) -> list[InsecureSetting]:
    operands = line.operands
    if len(operands) < 3 or operands[0].value != "config":
        return []
    key, value = operands[1], operands[2]
    turned_off = (key.value == "disable-tls" and value.value.lower() in _TRUE) or (
        key.value == "secure-http" and value.value.lower() in _FALSE
    )
    if not turned_off:
        return []
    return [InsecureSetting(key.span.cover(value.span), name, f"config {key.value} {value.value}", TLS)]


# --- environment variables -------------------------------------------------------------------


class InsecureVariable(Record, frozen=True, slots=True):
    tool: str  # what reads the variable
    disables: str
    note: str = ""  # why a value that looks harmless is not

    def at(self, span: Span, name: str, value: str) -> InsecureSetting:
        """This effect as a finding-ready setting, ``NAME=value`` (an empty value as ``""``)."""
        written = f"{name}={value}" if value else f'{name}=""'
        return InsecureSetting(span, self.tool, written, self.disables, variable=True, note=self.note)


def insecure_variable(name: str, value: str) -> InsecureVariable | None:
    """What ``name=value`` in a process's environment turns off, if anything. ``value`` is as
    written (dequoted): one holding ``$`` is unknown, and only GIT_SSL_NO_VERIFY is then flagged,
    since git checks only that it is set (even ``0`` or ``false`` turns verification off)."""
    if name == "GIT_SSL_NO_VERIFY":
        looks_off = value.strip().lower() in _FALSE | {""}
        return InsecureVariable("git", TLS, "git checks only that it is set, so 0 and false count" if looks_off else "")
    if "$" in value:
        return None
    plain = value.strip()
    if name == "NODE_TLS_REJECT_UNAUTHORIZED" and plain == "0":
        return InsecureVariable("Node.js", TLS)
    if name == "PYTHONHTTPSVERIFY" and plain == "0":
        return InsecureVariable("Python's ssl module", TLS)
    if name in ("CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE") and plain == "":
        return InsecureVariable("Python requests before 2.28", TLS)
    if name == "PIP_TRUSTED_HOST" and plain:
        return InsecureVariable("pip", f"{TLS} for {plain}")
    if name.lower() == "npm_config_strict_ssl" and plain.lower() in _FALSE:
        return InsecureVariable("npm", TLS)
    if name == "YARN_ENABLE_STRICT_SSL" and plain.lower() in _FALSE:
        return InsecureVariable("Yarn", TLS)
    if name == "GOINSECURE" and plain:
        return InsecureVariable("go", f"{TLS} for {plain}")
    return None


def _insecure_assignments(command: ShellCommand) -> list[InsecureSetting]:
    """``NAME=value cmd``, ``env NAME=value cmd``, ``export NAME=value``, ``declare -x …``."""
    words = command.words
    name = command.name
    # ``A=1 cmd`` exports A to cmd; a bare ``A=1`` only sets a shell variable
    prefix = [word for word in words[: len(words) - len(command.arguments) - 1] if is_assignment(word.value)]
    if not name:
        prefix = []
    if name in ("env", "sudo", "doas"):
        inner = command.wrapped()
        arguments = command.arguments
        before = arguments[: len(arguments) - len(inner.words)] if inner else arguments
        prefix += [word for word in before if is_assignment(word.value)]
    elif name == "export" or (name in ("declare", "typeset") and any(w.value == "-x" for w in command.arguments)):
        prefix += [word for word in command.arguments if is_assignment(word.value)]
    found = []
    for word in prefix:
        variable, _, value = word.value.partition("=")
        effect = insecure_variable(variable, value)
        if effect is not None:
            found.append(effect.at(word.span, variable, value))
    return found


@functools.lru_cache(maxsize=SCRIPT_MEMO)
def script_insecure_settings(script: ShellScript) -> tuple[InsecureSetting, ...]:
    """The settings of ``script``'s commands, and of the commands substituted in their words
    (``VERSION=$(curl -ks …)``), that turn verification off; each place and setting once (an
    ``sh -c`` string is parsed twice)."""
    verified = verified_files(script.pipelines)
    found: dict[tuple[Span, str], InsecureSetting] = {}
    for command in script.commands:
        settings = insecure_settings(command, verified)
        for word in command.words:
            for pipeline in substituted_pipelines(command, word):
                for inner in pipeline:
                    settings += insecure_settings(inner, verified)
        for setting in settings:
            found.setdefault((setting.span, setting.setting), setting)
    return tuple(found.values())

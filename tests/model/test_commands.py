"""Predicates over shell commands: downloads, interpreters, verification switches, ADD sources."""

from __future__ import annotations

import pytest

from hullcheck.model.commands.downloads import (
    download_to_stdout,
    pipes_to_interpreter,
    runs_substituted_download,
    substituted_pipelines,
)
from hullcheck.model.commands.programs import effective, runs_program_from_stdin
from hullcheck.model.commands.sources import local_source_kind, remote_source
from hullcheck.model.commands.verification import insecure_settings, insecure_variable, verified_files
from hullcheck.model.shell import ShellCommand
from hullcheck.model.span import Span
from hullcheck.parsers.shell import add_nested_scripts, parse_shell


def one_line(start: int, end: int) -> Span:
    return Span(1, start + 1, 1, end + 1)


def command(text: str) -> ShellCommand:
    (parsed,) = parse_shell(text, one_line).commands
    return parsed


def settings(text: str) -> list[str]:
    script = parse_shell(text, one_line)
    add_nested_scripts(script)
    verified = verified_files(script.pipelines)
    return [setting.setting for c in script.commands for setting in insecure_settings(c, verified)]


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("sudo -u postgres psql -c x", "psql"),
        ("sudo -E -H bash -s", "bash"),
        ("gosu app sh -c x", "sh"),
        ("su-exec 1000:1000 node app.js", "node"),
        ("timeout 10s curl x", "curl"),
        ("timeout -s KILL 10 sudo make install", "make"),
        ("nice -n 5 env LANG=C make", "make"),
        ("env - A=1 sudo -- ls", "ls"),
        ("xargs -I {} rm {}", "rm"),
        ("busybox wget -qO- x", "wget"),
        ("python3 -m pip install x", "pip"),
    ],
)
def test_wrappers_are_seen_through(text: str, inner: str) -> None:
    assert effective(command(text)).name == inner


def test_wrappers_that_run_nothing() -> None:
    assert command("sudo -i").wrapped() is None
    assert command("command -v sudo").wrapped() is None
    assert command("command -v sudo").unwrapped().name == "command"


def test_wrappers_and_interpreters_read_their_options_as_they_do() -> None:
    # ``-u`` at the end of a cluster takes the next word: sudo runs bash, not "app"
    assert effective(command("sudo -Eu app bash -s")).name == "bash"
    assert runs_program_from_stdin(command("sudo -Eu app bash -s"))
    assert effective(command("python3 -W ignore -m pip install x")).name == "pip"
    # GNU timeout's options end at the duration: it runs a program named "-s" here
    assert effective(command("timeout 5 -s KILL curl x")).name == "-s"


def test_the_code_of_sh_c_is_the_shells_first_operand() -> None:
    assert settings("bash -c -x 'curl -k https://x'") == ["-k"]  # -x is an option of bash
    assert settings("sh script.sh -c 'curl -k https://x'") == []  # -c is an argument of script.sh
    assert settings("busybox sh -c 'curl -k https://x'") == ["-k"]


def test_uv_takes_the_insecure_host_from_the_next_word() -> None:
    assert settings("uv pip install --allow-insecure-host pypi.org x") == ["--allow-insecure-host pypi.org"]


def test_process_substitution_is_one_word() -> None:
    assert [w.value for w in command("bash <(curl -s https://x)").words] == ["bash", "<(curl -s https://x)"]
    (redirected,) = parse_shell("bash < <(curl x)", one_line).commands
    assert [r.value for r in redirected.redirects] == ["<(curl x)"]


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        ("curl -fsSL https://x", "curl"),
        ("curl -o- https://x", "curl"),
        ("curl -sLo - https://x", "curl"),
        ("curl -o /dev/stdout https://x", "curl"),
        ("wget -qO- https://x", "wget"),
        ("wget -qO - https://x", "wget"),
        ("wget --output-document=- https://x", "wget"),
        ("sudo busybox wget -O- https://x", "wget"),
        ("fetch -o - https://x", "fetch"),
        ("curl -o file https://x", None),
        ("curl -fsSLO https://x/a.sh", None),
        ("wget https://x/a.sh", None),
        ("wget -O a.sh https://x", None),
        ("curl --version", None),
    ],
)
def test_download_to_stdout(text: str, tool: str | None) -> None:
    assert download_to_stdout(command(text)) == tool


@pytest.mark.parametrize(
    ("text", "reads"),
    [
        ("sh", True),
        ("bash -", True),
        ("bash -s -- --yes", True),
        ("sudo -E bash -ex", True),
        ("bash -o pipefail", True),
        ("python3", True),
        ("python3 - --flag", True),
        ("python3 -u", True),
        ("php -- --install-dir=/usr/local/bin", True),
        ("node", True),
        ("perl -MCPAN", True),
        ("bash -c 'cat > f'", False),
        ("bash install.sh", False),
        ("bash -s", True),
        ("python3 -c 'print(1)'", False),
        ("python3 -m json.tool", False),
        ("perl -ne 'print'", False),
        ("node -e 'x'", False),
        ("php composer-setup.php", False),
        ("tar -xz", False),
    ],
)
def test_runs_program_from_stdin(text: str, reads: bool) -> None:
    assert runs_program_from_stdin(command(text)) is reads


def test_pipes_to_interpreter_through_filters_only() -> None:
    (pipeline,) = parse_shell("curl -fsSL https://x | tee /tmp/i.sh | sudo sh", one_line).pipelines
    (found,) = pipes_to_interpreter(pipeline)
    assert (found.tool, found.interpreter_name) == ("curl", "sh")
    (blocked,) = parse_shell("curl -fsSL https://x | jq -r .script | sh", one_line).pipelines
    assert list(pipes_to_interpreter(blocked)) == []


def test_substitutions_are_parsed_with_their_own_spans() -> None:
    (command,) = parse_shell('a $(curl -s "https://x?a=(1)") `b` <(c) $((1 + 2)) ${D}', one_line).commands
    inner = [[[c.name for c in p] for p in substituted_pipelines(command, word)] for word in command.words]
    assert inner == [[], [["curl"]], [["b"]], [["c"]], [], []]
    (outer,) = parse_shell("echo $(curl -fsSL https://x | tr -d '\\r'; echo 2>/dev/null done)", one_line).commands
    pipelines = substituted_pipelines(outer, outer.words[1])
    assert [[c.name for c in p] for p in pipelines] == [["curl", "tr"], ["echo"]]
    assert pipelines[1][0].words[-1].value == "done"
    assert pipelines[0][0].words[0].span == Span(1, 8, 1, 12)  # curl, inside the word
    (unbalanced,) = parse_shell("echo $(echo 'unbalanced)", one_line).commands
    assert [[c.name for c in p] for p in substituted_pipelines(unbalanced, unbalanced.words[1])] == [["echo"]]


@pytest.mark.parametrize(
    ("text", "how"),
    [
        ('sh -c "$(curl -fsSL https://x)"', "runs a download from curl with sh -c"),
        ("bash <(curl -s https://x)", "runs a download from curl as a bash script"),
        ("source <(curl -s https://x)", "sources a download from curl"),
        (". <(wget -qO- https://x)", "sources a download from wget"),
        ('eval "$(curl -s https://x)"', "evaluates a download from curl"),
        ('bash <<< "$(curl -s https://x)"', "feeds a download from curl to bash"),
        ('python3 -c "$(curl -s https://x)"', "runs a download from curl with python3 -c"),
    ],
)
def test_runs_substituted_download(text: str, how: str) -> None:
    assert [run.how for run in runs_substituted_download(command(text))] == [how]


@pytest.mark.parametrize(
    "text",
    [
        'echo "$(curl -s https://x)"',
        'sh -c "$(curl -o f https://x)"',
        'bash -c "$(curl -s https://x | sha256sum)"',
        "bash <(cat local.sh)",
    ],
)
def test_substitutions_that_run_no_download(text: str) -> None:
    assert list(runs_substituted_download(command(text))) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("curl -fsSLk https://x", ["-k"]),
        ("curl --insecure https://x", ["--insecure"]),
        ("curl -k https://localhost:8443/health", []),
        ("curl -H -k https://x", []),
        ("wget -k https://x", []),
        ("wget --no-check-certificate https://x", ["--no-check-certificate"]),
        ("wget -e check_certificate=off https://x", ["-e check_certificate=off"]),
        ("pip3 install --trusted-host pypi.org x", ["--trusted-host pypi.org"]),
        ("uv pip install --allow-insecure-host=pypi.org x", ["--allow-insecure-host pypi.org"]),
        ("apt-get -o Acquire::https::Verify-Peer=false update", ["-o Acquire::https::Verify-Peer=false"]),
        ("apt-get -o APT::Get::AllowUnauthenticated=true install x", ["-o APT::Get::AllowUnauthenticated=true"]),
        ("apt-get -o Acquire::Check-Valid-Until=false update", []),
        ("apk add --allow-untrusted x.apk", ["--allow-untrusted"]),
        ("rpm -i --nodigest x.rpm", ["--nodigest"]),
        ("microdnf --nogpgcheck install x", ["--nogpgcheck"]),
        ("yum-config-manager --save --setopt=internal.sslverify=false", ["--setopt=internal.sslverify=false"]),
        ("zypper --no-gpg-checks in x", ["--no-gpg-checks"]),
        ("npm set strict-ssl=false", ["set strict-ssl=false"]),
        ("pnpm config set strict-ssl false", ["config set strict-ssl false"]),
        ("yarn config set enableStrictSsl false", ["config set enableStrictSsl false"]),
        ("npm install --no-strict-ssl", ["--no-strict-ssl"]),
        ("git -c http.sslVerify=false clone x", ["-c http.sslVerify=false"]),
        ("git config set --global http.sslVerify false", ["config http.sslVerify false"]),
        ("git config --global http.sslVerify true", []),
        ("conda config --set ssl_verify no", ["config --set ssl_verify no"]),
        ("composer config -g secure-http false", ["config secure-http false"]),
        ("helm repo add x https://x --insecure-skip-tls-verify", ["--insecure-skip-tls-verify"]),
        ("kubectl --insecure-skip-tls-verify=false get pods", []),
        ("GIT_SSL_NO_VERIFY=true git clone x", ["GIT_SSL_NO_VERIFY=true"]),
        ("sudo NODE_TLS_REJECT_UNAUTHORIZED=0 node x.js", ["NODE_TLS_REJECT_UNAUTHORIZED=0"]),
        ("declare -x PIP_TRUSTED_HOST=pypi.org", ["PIP_TRUSTED_HOST=pypi.org"]),
        ("GIT_SSL_NO_VERIFY=1", []),
    ],
)
def test_insecure_settings(text: str, expected: list[str]) -> None:
    assert settings(text) == expected


def test_verified_downloads_and_packages_are_not_flagged() -> None:
    pinned = "e2193a63a87e2388a71854b0114de4fc71e2e40bcf0794faf74bb562691e5b62"
    assert settings(f'curl -k -o /tmp/t.tgz https://x/t.tgz && echo "{pinned}  /tmp/t.tgz" | sha256sum -c -') == []
    assert settings(f'curl -kO https://x/t.tgz && sha256sum -c <<< "{pinned} *t.tgz"') == []
    assert settings("gpg --verify p.apk.sig && apk add --allow-untrusted p.apk") == []
    # the checksum file came over the same channel: no pinned digest, no exemption
    assert settings("curl -kO https://x/t.tgz && curl -kO https://x/t.tgz.sha256 && sha256sum -c t.tgz.sha256") == [
        "-k",
        "-k",
    ]
    assert settings(f'wget --no-check-certificate https://x/other.tgz && echo "{pinned}  t.tgz" | sha256sum -c') == [
        "--no-check-certificate"
    ]


@pytest.mark.parametrize(
    ("name", "value", "flagged"),
    [
        ("NODE_TLS_REJECT_UNAUTHORIZED", "0", True),
        ("NODE_TLS_REJECT_UNAUTHORIZED", "1", False),
        ("NODE_TLS_REJECT_UNAUTHORIZED", "$X", False),
        ("GIT_SSL_NO_VERIFY", "false", True),
        ("GIT_SSL_NO_VERIFY", "$X", True),
        ("PYTHONHTTPSVERIFY", "0", True),
        ("PYTHONHTTPSVERIFY", "1", False),
        ("CURL_CA_BUNDLE", "", True),
        ("CURL_CA_BUNDLE", "/etc/ssl/certs/ca.pem", False),
        ("PIP_TRUSTED_HOST", "pypi.org", True),
        ("npm_config_strict_ssl", "false", True),
        ("GOINSECURE", "git.internal", True),
        ("GONOSUMDB", "git.internal", False),
    ],
)
def test_insecure_variable(name: str, value: str, flagged: bool) -> None:
    assert (insecure_variable(name, value) is not None) is flagged


@pytest.mark.parametrize(
    ("text", "kind", "scheme", "commit"),
    [
        ("https://example.com/a.tgz", "url", "https", None),
        ("http://example.com/a", "url", "http", None),
        ("https://github.com/moby/buildkit", "url", "https", None),
        ("https://github.com/moby/buildkit.git#v0.14.1", "git", "https", None),
        (
            "https://github.com/moby/buildkit.git#3187d2d056de7e3f976ef62cd548499dc3472a7e:docs",
            "git",
            "https",
            "3187d2d056de7e3f976ef62cd548499dc3472a7e",
        ),
        ("https://github.com/moby/buildkit.git#3187d2d", "git", "https", None),
        ("https://github.com/moby/buildkit.git?tag=v1&checksum=be1f38e", "git", "https", "be1f38e"),
        ("git@github.com:moby/buildkit", "git", "ssh", None),
        ("ssh://git@example.com/x.git#main", "git", "ssh", None),
        ("git://example.com/x.git", "git", "git", None),
    ],
)
def test_remote_source(text: str, kind: str, scheme: str, commit: str | None) -> None:
    source = remote_source(text)
    assert source is not None
    assert (source.kind, source.scheme, source.commit) == (kind, scheme, commit)


@pytest.mark.parametrize("text", ["nginx.conf", "./site/", "github.com/moby/buildkit", "user@host", "$URL"])
def test_local_paths_are_not_remote(text: str) -> None:
    assert remote_source(text) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("nginx.conf", "file"),
        ("./site/", "file"),
        ("*.js", "file"),
        ("app-${VERSION}.jar", "file"),
        ("rootfs.tar.gz", "archive"),
        ("vendor/jdk.TGZ", "archive"),
        ("dist/site.tar.zst", "archive"),
        ("data.xz", "archive"),
        ("dist/*", None),
        ("pkg-$VERSION", None),
        ("$SRC", None),
        ("https://x/a.txt", None),
        ("ftp://x/a.txt", None),
    ],
)
def test_local_source_kind(text: str, kind: str | None) -> None:
    assert local_source_kind(text) == kind

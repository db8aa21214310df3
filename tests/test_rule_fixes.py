"""Fixes a rule attaches to its findings (offered by the language server as quick fixes): only
where the edits are exactly the fix, labelled unsafe when they change how the container runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from hullcheck.cli import main
from hullcheck.engine.findings import Applicability, TextEdit
from hullcheck.engine.lint import LintOptions, lint_bytes
from tests.samples import security_rules


@pytest.mark.parametrize(
    ("name", "text", "replacement"),
    [
        ("compose.yaml", "services:\n  web:\n    privileged: yes\n", "false"),
        ("Dockerfile", "FROM alpine:3.20\nRUN --security=insecure make\n", "sandbox"),
        # from a variable: fixed where the variable is set, not by overwriting the reference
        ("compose.yaml", "services:\n  web:\n    privileged: ${PRIVILEGED:-true}\n", None),
        # a flag or keyword argument, not a YAML value: `false` written there would be wrong
        ("run.sh", "#!/bin/sh\ndocker run --privileged alpine\n", None),
        ("sdk.py", "import docker\ndocker.from_env().containers.run('alpine', privileged=True)\n", None),
    ],
)
def test_privileged_container_fix(name: str, text: str, replacement: str | None) -> None:
    result = lint_bytes(text.encode(), name, LintOptions(rules=security_rules()))
    (finding,) = [finding for finding in result.findings if finding.rule.name == "privileged-container"]
    if replacement is None:
        assert finding.fix is None
        return
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert finding.fix.edits == (TextEdit(finding.span, replacement),)
    assert finding.fix.description == f"Write {replacement}"


FIXED = [
    # (rule, file name, text, fixed text: None for no fix)
    (
        "HC609",
        "Dockerfile",
        "FROM a:1\nMAINTAINER Jo <jo@example.com>\n",
        'FROM a:1\nLABEL org.opencontainers.image.authors="Jo <jo@example.com>"\n',
    ),
    ("HC609", "Dockerfile", "FROM a:1\nmaintainer jo\n", 'FROM a:1\nlabel org.opencontainers.image.authors="jo"\n'),
    ("HC609", "Dockerfile", 'FROM a:1\nMAINTAINER "$USER"\n', None),  # the label's quotes would read it otherwise
    ("HC505", "Dockerfile", "FROM a:1\nADD --chown=1:1 app.py /app/\n", "FROM a:1\nCOPY --chown=1:1 app.py /app/\n"),
    ("HC505", "Dockerfile", "FROM a:1\nAdd app.py /app/\n", "FROM a:1\nCopy app.py /app/\n"),
    ("HC505", "Dockerfile", "FROM a:1\nADD --unpack=false app.tar /app/\n", None),  # COPY takes no --unpack
    (
        "HC741",
        "Dockerfile",
        "FROM p:1\nRUN pip install flask==3\n",
        "FROM p:1\nRUN pip install --no-cache-dir flask==3\n",
    ),
    (
        "HC741",
        "Dockerfile",
        "FROM p:1\nRUN sh -c 'pip install x==1'\n",
        "FROM p:1\nRUN sh -c 'pip install --no-cache-dir x==1'\n",
    ),
    ("HC741", "Dockerfile", 'FROM p:1\nRUN ["pip", "install", "x==1"]\n', None),  # the exec form's JSON
    ("HC741", "Dockerfile", 'FROM p:1\nRUN pip "install" x==1\n', None),  # a quoted word
    (
        "HC711",
        "Dockerfile",
        "FROM d:1\nRUN apt-get update && apt-get -y install git=1 \\\n"
        " && apt install -y vim=2 && rm -rf /var/lib/apt/lists/*\n",
        "FROM d:1\nRUN apt-get update && apt-get -y install --no-install-recommends git=1 \\\n"
        " && apt install --no-install-recommends -y vim=2 && rm -rf /var/lib/apt/lists/*\n",
    ),
    ("HC712", "Dockerfile", "FROM a:1\nRUN apk add curl=8\n", "FROM a:1\nRUN apk add --no-cache curl=8\n"),
    (
        "HC712",
        "Dockerfile",
        "FROM a:1\nRUN apk update\nRUN apk add curl=8\n",  # the update is not fixed: an add may read its indexes
        "FROM a:1\nRUN apk update\nRUN apk add --no-cache curl=8\n",
    ),
    (
        "HC608",
        "Dockerfile",
        "FROM a:1\nUSER app\nCMD python app.py --port 80\n",
        'FROM a:1\nUSER app\nCMD ["python", "app.py", "--port", "80"]\n',
    ),
    (
        "HC608",
        "Dockerfile",
        "FROM a:1\nUSER app\nENTRYPOINT nginx -g x\n",
        'FROM a:1\nUSER app\nENTRYPOINT ["nginx", "-g", "x"]\n',
    ),
    ("HC608", "Dockerfile", "FROM a:1\nUSER app\nCMD python app.py $PORT\n", None),  # expanded by the shell
    ("HC608", "Dockerfile", "FROM a:1\nUSER app\nCMD exec python app.py\n", None),  # a shell builtin
    ("HC608", "Dockerfile", "FROM a:1\nUSER app\nCMD a && b\n", None),
    ("HC608", "Dockerfile", "FROM a:1\nUSER app\nCMD a > log\n", None),
    (
        "HC210",
        "compose.yaml",
        "services:\n  web:\n    ports:\n      - 8080:80\n      - 81\n",
        "services:\n  web:\n    ports:\n      - 127.0.0.1:8080:80\n      - 127.0.0.1::81\n",
    ),
    # a long-syntax port gets host_ip, block or flow; one that sets host_ip (even empty) is left alone
    (
        "HC210",
        "compose.yaml",
        "services:\n  web:\n    ports:\n      - target: 80\n        published: 8080  # web\n      - {target: 81}\n",
        "services:\n  web:\n    ports:\n      - target: 80\n        published: 8080  # web\n"
        "        host_ip: 127.0.0.1\n      - {target: 81, host_ip: 127.0.0.1}\n",
    ),
    ("HC210", "compose.yaml", "services:\n  web:\n    ports:\n      - target: 80\n        host_ip: ''\n", None),
    # inside the quotes, in block and flow sequences
    (
        "HC210",
        "compose.yaml",
        "services:\n  web:\n    ports:\n      - \"8080:80\"\n      - '81'\n",
        "services:\n  web:\n    ports:\n      - \"127.0.0.1:8080:80\"\n      - '127.0.0.1::81'\n",
    ),
    (
        "HC210",
        "compose.yaml",
        'services:\n  web:\n    ports: ["8080:80", "9000:9000"]\n',
        'services:\n  web:\n    ports: ["127.0.0.1:8080:80", "127.0.0.1:9000:9000"]\n',
    ),
    (  # before the escape that writes its first character
        "HC210",
        "compose.yaml",
        'services:\n  web:\n    ports: ["\\x38080:80"]\n',
        'services:\n  web:\n    ports: ["127.0.0.1:\\x38080:80"]\n',
    ),
    (
        "HC210",
        "run.sh",
        "#!/bin/sh\ndocker run -p=8080:80 --publish 81 a:1\n",
        "#!/bin/sh\ndocker run -p=127.0.0.1:8080:80 --publish 127.0.0.1::81 a:1\n",
    ),
    # a key added after the service's last line (its comment kept there), at its keys' indentation
    (
        "HC208",
        "compose.yaml",
        "services:\n  web:\n    image: a:1\n    environment:\n      A: b  # why\n\n  db:\n    image: b:1\n",
        "services:\n  web:\n    image: a:1\n    environment:\n      A: b  # why\n    read_only: true\n\n"
        "  db:\n    image: b:1\n    read_only: true\n",
    ),
    (
        "HC208",
        "compose.yaml",
        "services:\n  web:\n    image: a:1\n    read_only: false\n",
        "services:\n  web:\n    image: a:1\n    read_only: true\n",
    ),
    (
        "HC208",
        "compose.yaml",
        "services:\n  web: {image: 'a:1'}\n",
        "services:\n  web: {image: 'a:1', read_only: true}\n",
    ),
    ("HC208", "compose.yaml", "services:\n  web: {image: 'a:1', read_only: }\n", None),  # null: set, not added again
    ("HC208", "run.sh", "#!/bin/sh\ndocker run a:1\n", "#!/bin/sh\ndocker run --read-only a:1\n"),
    # the environment's value, in the form and quotes it is written in
    (
        "HC102",
        "compose.yaml",
        "services:\n  d:\n    image: docker:dind\n    environment:\n      - DOCKER_TLS_CERTDIR=\n  e:\n"
        "    image: docker:27-dind\n    environment: ['DOCKER_TLS_CERTDIR=']\n",
        "services:\n  d:\n    image: docker:dind\n    environment:\n      - DOCKER_TLS_CERTDIR=/certs\n  e:\n"
        "    image: docker:27-dind\n    environment: ['DOCKER_TLS_CERTDIR=/certs']\n",
    ),
    (
        "HC102",
        "compose.yaml",
        "services:\n  d:\n    image: docker:dind\n    environment:\n      DOCKER_TLS_CERTDIR: ''  # off\n",
        "services:\n  d:\n    image: docker:dind\n    environment:\n      DOCKER_TLS_CERTDIR: '/certs'  # off\n",
    ),
    (
        "HC102",
        ".gitlab-ci.yml",
        'variables:\n  DOCKER_TLS_CERTDIR: ""\nbuild:\n  services: [docker:27-dind]\n  script: [docker info]\n',
        'variables:\n  DOCKER_TLS_CERTDIR: "/certs"\nbuild:\n  services: [docker:27-dind]\n  script: [docker info]\n',
    ),
    # no fix: an alias (the anchor's other users would change too), a merge key's, a variable's value
    (
        "HC102",
        "compose.yaml",
        "x-e: &e ''\nservices:\n  d:\n    image: docker:dind\n    environment:\n      DOCKER_TLS_CERTDIR: *e\n",
        None,
    ),
    (
        "HC102",
        ".gitlab-ci.yml",
        ".v: &v\n  DOCKER_TLS_CERTDIR: ''\nbuild:\n  variables:\n    <<: *v\n  services: [docker:dind]\n"
        "  script: [docker info]\n",
        None,
    ),
    (
        "HC102",
        "compose.yaml",
        "services:\n  d:\n    image: docker:dind\n    environment:\n      DOCKER_TLS_CERTDIR: ${CERTS:-}\n",
        None,
    ),
    (
        "HC207",
        "compose.yaml",
        "services:\n  web:\n    image: a:1\n    command: |\n      serve\n",
        "services:\n  web:\n    image: a:1\n    command: |\n      serve\n    cap_drop: [ALL]\n",
    ),
    (
        "HC206",
        "compose.yaml",
        "services:\n  web:\n    image: a:1\n",
        'services:\n  web:\n    image: a:1\n    security_opt: ["no-new-privileges:true"]\n',
    ),
    # an existing list is extended as it is written: block (after a comment, at the items'
    # indentation, in their quotes), flow (empty too), CRLF
    (
        "HC206",
        "compose.yaml",
        "services:\n  web:\n    image: a:1\n    security_opt:\n    - 'label:disable'  # why\n    # end\n",
        "services:\n  web:\n    image: a:1\n    security_opt:\n    - 'label:disable'  # why\n"
        "    - 'no-new-privileges:true'\n    # end\n",
    ),
    (
        "HC206",
        "compose.yaml",
        "services:\n  web:\n    image: a:1\n    security_opt: [label:disable]\n",
        'services:\n  web:\n    image: a:1\n    security_opt: [label:disable, "no-new-privileges:true"]\n',
    ),
    (
        "HC206",
        "compose.yaml",
        "services:\r\n  web:\r\n    image: a:1\r\n    security_opt:\r\n      - label:disable\r\n",
        "services:\r\n  web:\r\n    image: a:1\r\n    security_opt:\r\n      - label:disable\r\n"
        "      - no-new-privileges:true\r\n",
    ),
    (
        "HC207",
        "compose.yaml",
        'services:\n  web:\n    image: a:1\n    cap_drop: ["NET_RAW"]\n  db:\n    image: b:1\n    cap_drop: []\n',
        'services:\n  web:\n    image: a:1\n    cap_drop: ["NET_RAW", "ALL"]\n'
        "  db:\n    image: b:1\n    cap_drop: [ALL]\n",
    ),
    (
        "HC207",
        "compose.yaml",
        "services:\n  web:\n    image: a:1\n    cap_drop:\n      - NET_RAW\n      - MKNOD\n  db:\n    image: b:1\n",
        "services:\n  web:\n    image: a:1\n    cap_drop:\n      - NET_RAW\n      - MKNOD\n      - ALL\n"
        "  db:\n    image: b:1\n    cap_drop: [ALL]\n",
    ),
    # a flow-style service gets the key after its last value
    (
        "HC207",
        "compose.yaml",
        'services:\n  web: {image: a:1, ports: ["80:80"]}\n  db: {\n    image: b:1,\n  }\n',
        'services:\n  web: {image: a:1, ports: ["80:80"], cap_drop: [ALL]}\n'
        "  db: {\n    image: b:1, cap_drop: [ALL],\n  }\n",
    ),
    # no fix: the list is an alias, anchored (others share it), merged in, or the key is null
    ("HC207", "compose.yaml", "services:\n  web:\n    image: a:1\n    cap_drop: &c [NET_RAW]\n", None),
    (
        "HC207",
        "compose.yaml",
        "x-c: &c\n  - NET_RAW\nservices:\n  web:\n    image: a:1\n    cap_drop: *c\n    user: app\n",
        None,
    ),
    (
        "HC207",
        "compose.yaml",
        "x-base: &base\n  cap_drop: [NET_RAW]\nservices:\n  web:\n    <<: *base\n    image: a:1\n",
        None,
    ),
    ("HC207", "compose.yaml", "services:\n  web:\n    image: a:1\n    cap_drop:\n", None),
    ("HC206", "compose.yaml", "services:\n  web:\n    image: a:1\n    security_opt: !override\n", None),
    ("HC206", "compose.yaml", "x: &base\n  image: a:1\nservices:\n  web:\n    <<: *base\n", None),  # ends in an alias
    ("HC208", "compose.yaml", "services:\n  web:\n    image: a:1\n    x-loop: &a [1, *a]\n", None),  # an alias loop
]


@pytest.mark.parametrize(("code", "name", "text", "fixed"), FIXED)
def test_rule_fixes_write_what_the_docs_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str, name: str, text: str, fixed: str | None
) -> None:
    monkeypatch.chdir(tmp_path)
    Path(name).write_bytes(text.encode())  # as written: CRLF stays
    assert main(["--no-cache", "--fix-only", "--unsafe-fixes", "--select", code, name]) == 0
    assert Path(name).read_bytes().decode() == (text if fixed is None else fixed)
    if fixed is not None:
        assert main(["--no-cache", "--select", code, "-qq", name]) == 0  # the finding is gone


def test_list_fixes_edit_the_file_the_list_is_written_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A list an override file sets is extended there, one the first file sets there; a list
    merged from both (or an environment merged from both) has no single place, and no fix."""
    monkeypatch.chdir(tmp_path)
    Path("compose.yaml").write_text(
        "services:\n  web:\n    image: a:1\n    cap_drop: [NET_RAW]\n  api:\n    image: b:1\n    cap_drop: [MKNOD]\n"
        "  dind:\n    image: docker:dind\n    environment:\n      DOCKER_TLS_CERTDIR: ''\n",
        encoding="utf-8",
    )
    Path("compose.override.yaml").write_text(
        "services:\n  web:\n    security_opt:\n      - label:disable\n  api:\n    cap_drop: [NET_RAW]\n"
        "  dind:\n    environment:\n      X: '1'\n",
        encoding="utf-8",
    )
    assert main(["--no-cache", "--fix-only", "--unsafe-fixes", "--select", "HC102,HC206,HC207", "."]) == 0
    assert Path("compose.yaml").read_text(encoding="utf-8") == (
        "services:\n  web:\n    image: a:1\n    cap_drop: [NET_RAW, ALL]\n"
        "  api:\n    image: b:1\n    cap_drop: [MKNOD]\n"
        "  dind:\n    image: docker:dind\n    environment:\n      DOCKER_TLS_CERTDIR: ''\n"
    )
    assert Path("compose.override.yaml").read_text(encoding="utf-8") == (
        "services:\n  web:\n    security_opt:\n      - label:disable\n      - no-new-privileges:true\n"
        "  api:\n    cap_drop: [NET_RAW]\n  dind:\n    environment:\n      X: '1'\n"
    )

"""A shell script's variables in its docker commands: known where nothing else can set them,
unknown everywhere else, and never a reason to take the next word for the image."""

from __future__ import annotations

import pytest

from hullcheck.engine.lint import LintOptions, lint_bytes
from hullcheck.model.container import Container
from hullcheck.model.dockerfile import RunInstruction
from hullcheck.model.image import ImageReference
from hullcheck.model.span import Span, Unresolved
from hullcheck.parsers.dockerfile import parse_dockerfile
from hullcheck.parsers.shell_file import parse_shell_file
from tests.samples import security_rules


def containers(text: str) -> list[Container]:
    return sorted(parse_shell_file(text, "run.sh").calls.containers, key=lambda container: container.span)


def last_image(text: str) -> str | Unresolved | None:
    image = containers(text)[-1].image
    if image is None:
        return None
    return image.value.text if isinstance(image.value, ImageReference) else image.value


@pytest.mark.parametrize(
    "script",
    [
        "IMG=alpine:3.20\ndocker run --rm $IMG sh\n",
        "IMG='alpine:3.20'\ndocker run --rm \"$IMG\" sh\n",
        'IMG="alpine:3.20"\ndocker run --rm ${IMG} sh\n',
        "readonly IMG=alpine:3.20\ndocker run --rm $IMG sh\n",
        "export IMG=alpine:3.20\ndocker run --rm $IMG sh\n",
        "declare -r IMG=alpine:3.20\ndocker run --rm $IMG sh\n",
        "typeset -x IMG=alpine:3.20\ndocker run --rm $IMG sh\n",
        "docker run --rm ${IMG:-alpine:3.20} sh\n",  # not set by the script: the default
        "docker run --rm ${IMG-alpine:3.20} sh\n",
        "IMG=${IMG:-alpine:3.20}\ndocker run --rm $IMG sh\n",  # its own default, before it is set
        "NAME=alpine\nTAG=3.20\nIMG=$NAME:$TAG\ndocker run --rm $IMG sh\n",
        "NAME=alpine\ndocker run --rm \"$NAME\":'3.20' sh\n",
        "TAG=3.20\ndocker run --rm alpine:${TAG:?no tag} sh\n",
        "EMPTY=\ndocker run --rm ${EMPTY:-alpine:3.20} sh\n",
        "IMG=alpine:3.20\nrun() { docker run --rm $IMG sh; }\nrun\n",  # defined after the assignment
        'IMG=alpine:3.20\nif [ -n "$CI" ]; then docker run --rm $IMG sh; fi\n',  # a use may be conditional
        "IMG=alpine:3.20\nID=$(docker run -d $IMG sh)\n",
        ". ./lib.sh\nIMG=alpine:3.20\ndocker run --rm $IMG sh\n",  # sourced before the assignment
        "IMG=alpine:3.20 # the image\ndocker run --rm $IMG sh\n",
        "IMG=alpine:3.20; docker run --rm $IMG sh\n",
        "IMG=alpine:3.20 && docker run --rm $IMG sh\n",
    ],
)
def test_a_variable_the_script_sets_once_before_the_use(script: str) -> None:
    (found,) = containers(script)
    assert found.image is not None and isinstance(found.image.value, ImageReference)
    assert found.image.value.text == "alpine:3.20"
    assert found.command is not None and found.command.commands[0].words[0].value == "sh"


@pytest.mark.parametrize(
    ("script", "reason"),
    [
        ("docker run --rm $IMG sh\n", "IMG is not set by the script here"),
        ("docker run --rm $IMG sh\nIMG=alpine:3.20\n", "IMG is not set by the script here"),
        ("IMG=a:1\nIMG=b:1\ndocker run --rm $IMG sh\n", "IMG is set more than once in the script"),
        ("IMG=a\nIMG+=:1\ndocker run --rm $IMG sh\n", "more than once"),
        ("if true; then IMG=a:1; fi\ndocker run --rm $IMG sh\n", "may not run, or runs in a subshell"),
        ("while true; do IMG=a:1; done\ndocker run --rm $IMG sh\n", "may not run"),
        ("[ -n x ] && IMG=a:1\ndocker run --rm $IMG sh\n", "may not run"),
        ("true ||\n  IMG=a:1\ndocker run --rm $IMG sh\n", "may not run"),
        ("IMG=a:1 &\ndocker run --rm $IMG sh\n", "may not run"),
        ("IMG=a:1 | cat\ndocker run --rm $IMG sh\n", "may not run"),
        ("( IMG=a:1 )\ndocker run --rm $IMG sh\n", "may not run"),
        ("{ IMG=a:1; }\ndocker run --rm $IMG sh\n", "may not run"),
        ("set_image() { IMG=a:1; }\nset_image\ndocker run --rm $IMG sh\n", "in a function"),
        ("function set_image { IMG=a:1; }\ndocker run --rm $IMG sh\n", "in a function"),
        ("IMG=$(cat image.txt)\ndocker run --rm $IMG sh\n", "IMG (as the script assigns it): the output of a command"),
        ("IMG=`cat image.txt`\ndocker run --rm $IMG sh\n", "the output of a command"),
        ("IMG=(a:1 b:1)\ndocker run --rm $IMG sh\n", "an array assignment"),
        ("read -r IMG\ndocker run --rm $IMG sh\n", "IMG is set by read"),
        ("read -p 'image? ' IMG < /dev/tty\ndocker run --rm $IMG sh\n", "read"),
        ("for IMG in a:1 b:1; do :; done\ndocker run --rm $IMG sh\n", "a for loop"),
        ("IMG=a:1\nunset IMG\ndocker run --rm $IMG sh\n", "more than once"),
        ("declare -l IMG=A:1\ndocker run --rm $IMG sh\n", "declare"),
        ("IMG=a:1\nf() { local IMG=b:1; }\ndocker run --rm $IMG sh\n", "more than once"),
        ("getopts i: IMG\ndocker run --rm $IMG sh\n", "getopts"),
        ("printf -v IMG '%s' a:1\ndocker run --rm $IMG sh\n", "printf -v"),
        (": ${IMG:=a:1}\ndocker run --rm $IMG sh\n", "${IMG:=…}"),
        ("IMG=a:1 make\ndocker run --rm $IMG sh\n", "an assignment before a command"),
        ("IMG=a:1\n. ./overrides.sh\ndocker run --rm $IMG sh\n", "may be set by an eval, source or . command"),
        ('IMG=a:1\neval "$SETUP"\ndocker run --rm $IMG sh\n', "an eval, source or . command"),
        ('IMG=a:1\nload() { source "$1"; }\ndocker run --rm $IMG sh\n', "an eval, source or . command"),
        # a file sourced before the use may set it, though the script assigns it only after
        (". ./defaults.sh\ndocker run --rm ${IMG:-a:1} sh\nIMG=b:1\n", "may be set by an eval, source or . command"),
        ("run() { docker run --rm $IMG sh; }\nIMG=a:1\nrun\n", "after the function that uses it is defined"),
        ("export IMG=a:1\nsh -c 'docker run --rm $IMG sh'\n", "a script another shell runs"),
        ("IFS=:\nIMG=a:1\ndocker run --rm $IMG sh\n", "the script sets IFS"),
        ("docker run --rm ${IMG:?set IMG} sh\n", "IMG is not set by the script here"),
        ("docker run --rm ${#IMG} sh\n", "a parameter expansion hullcheck does not evaluate"),
        ("docker run --rm $1 sh\n", "a parameter of the script"),
    ],
)
def test_a_variable_that_may_hold_anything_else_is_unknown(script: str, reason: str) -> None:
    """Unknown, and then the unquoted word is still the image (never ``sh``)."""
    (*_, found) = containers(script)
    assert found.image is not None and isinstance(found.image.value, Unresolved), found.image
    assert reason in found.image.value.reason


def test_arithmetic_assignments_make_a_variable_unknown() -> None:
    for script in ("N=1\n(( N++ ))\n", "N=1\nlet N=N+1\n", "N=1\necho $(( N += 1 ))\n"):
        image = last_image(script + "docker run --rm app:$N sh\n")
        assert isinstance(image, Unresolved) and "N is set more than once" in image.reason, script


def test_an_unknown_unquoted_word_is_the_image_not_the_command() -> None:
    """The issue's case: ``docker run --rm $IMG sh`` must never say the image is ``sh``."""
    for script in ("docker run --rm $IMG sh\n", "IMG=$1\ndocker run --rm $IMG sh -c 'echo hi'\n"):
        (found,) = containers(script)
        assert found.image is not None and isinstance(found.image.value, Unresolved)
        assert found.image.value.text == "$IMG"
        assert found.unread_settings is not None  # it may hold options: absent settings are unknown
        assert found.command is None


def test_known_options_are_read_and_located_at_the_expansion() -> None:
    script = 'OPTS="--privileged -d"\nSOCK=/var/run/docker.sock\ndocker run $OPTS -v $SOCK:/sock alpine:3.20\n'
    (found,) = containers(script)
    assert found.privileged is not None and found.privileged.value is True
    assert found.privileged.span == Span(3, 12, 3, 17)  # $OPTS
    (mount,) = found.mounts
    assert mount.source is not None and mount.source.value == "/var/run/docker.sock"
    assert mount.source.span == Span(3, 21, 3, 26)  # $SOCK
    assert mount.target is not None and mount.target.span == Span(3, 27, 3, 32)  # /sock, as written
    assert found.image is not None and found.image.span == Span(3, 33, 3, 44)


def test_an_empty_unquoted_value_is_no_word_and_a_quoted_one_is_one() -> None:
    assert last_image('EXTRA=""\ndocker run $EXTRA alpine:3.20\n') == "alpine:3.20"
    found = containers('EXTRA=""\ndocker run "$EXTRA" alpine:3.20\n')[0]
    assert found.image is None and found.invalid_image is not None  # "" is the image, not a valid one


def test_spans_of_a_resolved_image_cover_what_is_written() -> None:
    script = 'REPO=r.example.com/team\nTAG=1.2\ndocker run "$REPO"/app:"${TAG}" sh\n'
    (found,) = containers(script)
    assert found.image is not None and found.image.value == ImageReference.parse("r.example.com/team/app:1.2")
    assert found.image.span == Span(3, 13, 3, 31)  # from $REPO to ${TAG}, inside the quotes


def test_a_finding_points_at_the_use_and_relates_the_assignment() -> None:
    script = "#!/bin/sh\nIMG=ubuntu\nSOCK=/var/run/docker.sock\ndocker run -v $SOCK:/var/run/docker.sock --rm $IMG sh\n"
    result = lint_bytes(script.encode(), "run.sh", LintOptions(rules=security_rules()))
    by_rule = {finding.rule.name: finding for finding in result.findings}
    unpinned = by_rule["unpinned-image"]
    assert unpinned.span == Span(4, 47, 4, 51)
    assert [(related.span, related.message) for related in unpinned.related] == [
        (Span(2, 1, 2, 11), "IMG is assigned here")
    ]
    socket = by_rule["docker-socket-mount"]
    assert [related.span.line for related in socket.related] == [3]


def test_a_dockerfile_run_reads_its_args_and_envs() -> None:
    text = (
        "FROM docker:27\n"
        "ARG IMG=alpine:3.20\n"
        "ARG NO_DEFAULT\n"
        "ENV SOCK=/var/run/docker.sock\n"
        "RUN docker run --rm -v $SOCK:/s $IMG sh\n"
        "RUN docker run --rm $NO_DEFAULT sh\n"
        "RUN docker run --rm ${FROM_THE_BASE_IMAGE:-alpine:3.20} sh\n"
        "RUN IMG=busybox:1.36; docker run --rm $IMG sh\n"
    )
    model = parse_dockerfile(text, "Dockerfile").model
    runs = [i for i in model.stages[0].instructions if isinstance(i, RunInstruction)]
    images = [run.calls.containers[0].image for run in runs]
    assert [image.value.text if image and isinstance(image.value, ImageReference) else None for image in images] == [
        "alpine:3.20",
        None,
        None,
        "busybox:1.36",
    ]
    mount_source = runs[0].calls.containers[0].mounts[0].source
    assert mount_source is not None and mount_source.value == "/var/run/docker.sock"
    assert images[1] is not None and isinstance(images[1].value, Unresolved)
    assert "has no default" in images[1].value.reason
    assert images[2] is not None and isinstance(images[2].value, Unresolved)  # the base image may set it


@pytest.mark.parametrize(
    ("script", "tag"),
    [
        ("docker build -t app .\ndocker run --rm app\n", "app"),
        ("docker build -t app:latest .\ndocker run --rm app\n", "app:latest"),
        ("docker build --tag app .\ndocker run --rm docker.io/library/app:latest\n", "app"),
        ("docker build -t=app .\ndocker run --rm app\n", "app"),
        ("docker build --tag=app -f Dockerfile.dev .\ndocker run --rm app\n", "app"),
        ("docker buildx build --load -t app .\ndocker run --rm app\n", "app"),
        ("docker image build -t app .\ndocker run --rm app\n", "app"),
        ("podman build -t app .\npodman run --rm app\n", "app"),
        ("docker build -t base -t app .\ndocker run --rm app\n", "app"),
        ('IMG=app\ndocker build -t "$IMG" .\ndocker run --rm $IMG\n', "$IMG"),
        ("build() { docker build -t app .; }\nbuild\ndocker run --rm app\n", "app"),
        # a build the script holds before the run counts even where it may not run (a function
        # never called, a branch): the script makes that image, it does not pull it
        ("build() { docker build -t app .; }\ndocker run --rm app\n", "app"),
        ('if [ -n "$REBUILD" ]; then docker build -t app .; fi\ndocker run --rm app\n', "app"),
        ("docker build -t app . && docker run --rm app\n", "app"),
    ],
)
def test_an_image_the_script_builds_before_running_it(script: str, tag: str) -> None:
    built = containers(script)[-1].image_built_at
    assert built is not None and built.line == built.end_line
    assert script.splitlines()[built.line - 1][built.column - 1 : built.end_column - 1] == tag


@pytest.mark.parametrize(
    "script",
    [
        "docker run --rm app\ndocker build -t app .\n",  # built after it runs
        "docker build -t app .\ndocker run --rm other\n",
        "docker build -t app:1 .\ndocker run --rm app\n",  # another tag
        "docker build -t registry.example.com/app .\ndocker run --rm app\n",  # another registry
        "docker build -t app .\ndocker run --rm app@sha256:" + "0" * 64 + "\n",  # a digest names pulled content
        "docker build .\ndocker run --rm app\n",
    ],
)
def test_near_misses_of_a_built_image(script: str) -> None:
    assert containers(script)[-1].image_built_at is None


def test_a_built_image_is_not_reported_as_pulled() -> None:
    script = "#!/bin/sh\ndocker build -t app .\ndocker run --rm app\ndocker run --rm ubuntu\n"
    options = LintOptions(rules=security_rules())
    result = lint_bytes(script.encode(), "run.sh", options)
    assert [f.span.line for f in result.findings if f.rule.name == "unpinned-image"] == [4]


def test_defaults_nested_past_the_bound_are_unknown() -> None:
    """``${A:-${A:-…}}`` 10,000 deep: expanded to the bound, then unknown (not a recursion error,
    nor a scan of the word at every level)."""
    word = "${A:-" * 10_000 + "alpine:3.20" + "}" * 10_000
    image = last_image(f'docker run --rm "{word}" sh\n')
    assert isinstance(image, Unresolved) and "nested" in image.reason


def test_a_dockerfile_run_finding_relates_the_arg() -> None:
    text = "FROM docker:27.3\nARG TOOL=alpine\nUSER 1000\nRUN docker run --rm $TOOL true\n"
    result = lint_bytes(text.encode(), "Dockerfile", LintOptions(rules=security_rules()))
    (unpinned,) = [finding for finding in result.findings if finding.rule.name == "unpinned-image"]
    assert unpinned.span == Span(4, 21, 4, 26)
    assert [(related.span.line, related.message) for related in unpinned.related] == [(2, "TOOL is assigned here")]

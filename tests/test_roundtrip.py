"""Generated Dockerfiles and Compose files round-trip through the model: every located value's
span cuts exactly its text out of the source."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hullcheck.model.container import Container
from hullcheck.model.image import ImageReference
from hullcheck.model.span import Located, Span
from hullcheck.parsers.compose import parse_compose
from hullcheck.parsers.dockerfile import parse_dockerfile
from hullcheck.parsers.source import split_lines

NAMES = st.from_regex(r"[a-z][a-z0-9]{0,7}", fullmatch=True)
IMAGES = st.builds(
    lambda registry, path, tag: f"{registry}{path}{tag}",
    st.sampled_from(["", "ghcr.io/", "localhost:5000/", "registry.example.com/team/"]),
    NAMES,
    st.sampled_from(["", ":1.2", ":latest", "@sha256:" + "ab" * 32]),
)
USERS = st.sampled_from(["root", "0", "app", "1000:1000", "app:staff"])


def cut(lines: list[str], span: Span) -> str:
    """The source text a span covers."""
    if span.line == span.end_line:
        return lines[span.line - 1][span.column - 1 : span.end_column - 1]
    first = lines[span.line - 1][span.column - 1 :]
    middle = lines[span.line : span.end_line - 1]
    last = lines[span.end_line - 1][: span.end_column - 1]
    return "\n".join([first, *middle, last])


@st.composite
def dockerfiles(draw: st.DrawFn) -> tuple[str, list[tuple[str, str, str]]]:
    """A Dockerfile and, per instruction, (keyword as written, what its value is, that value)."""
    lines: list[str] = []
    expected: list[tuple[str, str, str]] = []
    for _ in range(draw(st.integers(1, 4))):
        keyword = draw(st.sampled_from(["FROM", "from", "From"]))
        image = draw(IMAGES)
        split = draw(st.booleans())
        lines.append(f"{keyword} \\" if split else f"{keyword} {image}")
        if split:
            lines.extend(draw(st.lists(st.sampled_from(["# comment", "", "  # indented comment"]), max_size=2)))
            lines.append(f"    {image}")
        expected.append((keyword, "image", image))
        for _ in range(draw(st.integers(0, 3))):
            lines.extend(draw(st.lists(st.sampled_from(["", "# note"]), max_size=2)))
            kind = draw(st.sampled_from(["USER", "user", "RUN", "ENV"]))
            if kind.upper() == "USER":
                user = draw(USERS)
                lines.append(f"{kind} {user}")
                expected.append((kind, "user", user))
            elif kind == "RUN":
                word = draw(NAMES)
                lines.append(f"RUN echo {word} && \\")
                lines.append(f"  cat /{word}")
                expected.append((kind, "command", f"echo {word} &&   cat /{word}"))
            else:
                name, value = draw(NAMES), draw(NAMES)
                lines.append(f"ENV {name.upper()}={value}")
                expected.append((kind, "env", f"{name.upper()}={value}"))
    return "\n".join(lines) + draw(st.sampled_from(["\n", ""])), expected


@settings(max_examples=200, deadline=None)
@given(dockerfiles())
def test_dockerfile_spans_round_trip(generated: tuple[str, list[tuple[str, str, str]]]) -> None:
    text, expected = generated
    parsed = parse_dockerfile(text, "Dockerfile")
    assert parsed.problems == []
    lines = split_lines(text)
    instructions = [i for stage in parsed.model.stages for i in (stage.from_instruction, *stage.instructions)]
    assert len(instructions) == len(expected)
    for instruction, (keyword, what, value) in zip(instructions, expected, strict=True):
        assert cut(lines, instruction.keyword.span) == keyword
        if what == "image":
            base = instruction.base  # type: ignore[attr-defined]
            assert isinstance(base.value, ImageReference) and base.value.text == value
            assert cut(lines, base.span) == value
        elif what == "user":
            assert cut(lines, instruction.user.span) == value  # type: ignore[attr-defined]
        elif what == "command":
            assert instruction.arguments.value == value
        else:
            assert cut(lines, instruction.arguments.span) == value


SCALAR_STYLES = st.sampled_from(["{}", "'{}'", '"{}"'])


@st.composite
def compose_files(draw: st.DrawFn) -> tuple[str, dict[str, dict[str, str]]]:
    """A Compose file and, per service, the scalar text each field was written with."""
    indent = draw(st.sampled_from(["  ", "    "]))
    lines = ["services:"] if draw(st.booleans()) else ['version: "3.8"', "services:"]
    written: dict[str, dict[str, str]] = {}
    for name in draw(st.lists(NAMES, min_size=1, max_size=3, unique=True)):
        lines.append(f"{indent}{name}:")
        fields: dict[str, str] = {}
        inner = indent * 2
        for key, values in (
            ("image", IMAGES),  # always written: a service must be a mapping
            ("user", USERS),
            ("network_mode", st.sampled_from(["host", "bridge", "none"])),
            ("privileged", st.sampled_from(["true", "false"])),
        ):
            if key == "image" or draw(st.booleans()):
                value = draw(values)
                style = draw(SCALAR_STYLES) if key != "privileged" else "{}"
                lines.append(f"{inner}{key}: {style.format(value)}")
                fields[key] = style.format(value)
        if draw(st.booleans()):
            source = draw(st.sampled_from(["/var/run/docker.sock", "./data", "named"]))
            lines.append(f"{inner}volumes:")
            lines.append(f"{inner}  - {source}:/target:ro")
            fields["volume source"] = source
        written[name] = fields
    return "\n".join(lines) + "\n", written


def located_fields(container: Container) -> dict[str, Located[object]]:
    found: dict[str, Located[object] | None] = {
        "image": container.image,
        "user": container.user,
        "network_mode": container.network_mode,
        "privileged": container.privileged,
        "volume source": container.mounts[0].source if container.mounts else None,
    }
    return {key: value for key, value in found.items() if value is not None}


@settings(max_examples=200, deadline=None)
@given(compose_files())
def test_compose_spans_round_trip(generated: tuple[str, dict[str, dict[str, str]]]) -> None:
    text, written = generated
    parsed = parse_compose(text, "compose.yaml", {})
    assert parsed.problems == []
    lines = split_lines(text)
    containers = {container.subject.split("'")[1]: container for container in parsed.model.containers}
    assert set(containers) == set(written)
    for name, fields in written.items():
        located = located_fields(containers[name])
        assert set(located) == set(fields)
        for key, source_text in fields.items():
            assert cut(lines, located[key].span) == source_text, key

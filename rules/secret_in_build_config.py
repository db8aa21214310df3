from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.container import BuildSpec, Container, ImageBuild
from hullcheck.model.secrets import (
    embedded_password,
    has_reference,
    is_credential_name,
    is_literal_secret,
    is_secret_slot,
    literal_credential,
)
from hullcheck.model.span import Located, written_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hullcheck.model.dockerfile import ArgInstruction, Assignment, EnvInstruction


class SecretInBuildConfig(Rule):
    """A credential is written into an ARG or ENV, or passed as a literal build arg.

    ## What it does
    Flags `ARG` defaults and `ENV` values whose name looks like a credential (`DB_PASSWORD`,
    `GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY`, `API_KEY`, `CLIENT_SECRET` …) and whose value is
    written in the Dockerfile, Compose `build.args` entries and build args given in code
    (`docker build --build-arg`, the Docker SDK's `images.build(buildargs=…)`,
    python-on-whales' `build_args`, testcontainers' `DockerImage`) of the same shape, and any
    ARG, ENV or build arg whose value is a connection string with a literal password
    (`postgres://app:s3cret@db/app`). Weak defaults such as `changeme` are flagged.

    With a lower severity it also flags, as BuildKit's SecretsUsedInArgOrEnv and hadolint's
    DL3064 do, a credential-named variable that is there to receive the secret: an `ARG TOKEN`
    without default (or with an empty, placeholder or `$VARIABLE` default), which asks for the
    secret as a build arg (warning); an `ENV TOKEN=$TOKEN` that copies a build arg or another
    variable into the image (warning); and an `ENV PASSWORD=` or `ENV API_KEY=******` that
    declares a credential in the image with an empty or placeholder value (note). A path to a
    secret (`/run/secrets/token`) and a switch (`true`, `0`) are not flagged.

    Names are matched by what they end with, split at `_`, `-`, `.` and camelCase: names that
    point at a credential rather than hold it (`PASSWORD_FILE`, `TOKEN_URL`, `AUTH_METHOD`,
    `PASSWORD_LENGTH`) and public keys (`GPG_KEY`, `PUBLIC_KEY`) are not credential-shaped.
    BuildKit matches the words `apikey`, `auth`, `credential(s)`, `key`, `password`, `pword`,
    `passwd`, `secret` and `token` anywhere between underscores (so it flags `GPG_KEY`, set by
    the official python images, and `TOKEN_URL`, and passes `dbPassword`), with `public`,
    `file` and `version` as exceptions; hadolint matches the substrings `password`, `secret`,
    `token`, `private`, `api_key`, `client_key` and `username` and a list of names
    (`DOCKER_EMAIL`, `CF_USERNAME` …), so it also flags user names and `PASSWORD_FILE`.

    ## Why is this bad?
    An ENV value is stored in the image configuration and a build arg in the image history
    (`docker history`, `docker image inspect`), so anyone who can pull the image, or read the
    build cache or CI logs, can read the secret, and it stays in every image and layer built
    after it; a secret written in a Dockerfile or Compose file is also in version control for
    good. Build secrets belong in BuildKit secret mounts (`RUN --mount=type=secret`, Compose
    `build.secrets`), which are never written to a layer, and runtime secrets in the
    environment or a secrets store at run time.

    ## Example
    ```dockerfile
    FROM node:22-slim
    ARG NPM_TOKEN=npm_4f8a0c2e9b7d1f3a5c6e8b0d2f4a6c8e0b2d
    RUN npm ci
    USER node
    ```

    ## Use instead
    ```dockerfile
    FROM node:22-slim
    RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
    USER node
    ```

    ## References
    - https://docs.docker.com/build/building/secrets/
    - https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/
    - https://docs.docker.com/reference/compose-file/build/#secrets
    - https://cwe.mitre.org/data/definitions/798.html
    - https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html
    """

    code = "HC501"
    severity = Severity.ERROR
    security_severity = 7.5
    cwe = (798, 538)
    advice = "Pass the secret with a BuildKit secret mount (`RUN --mount=type=secret`) or at run time, not in ARG/ENV."
    hadolint_codes = ("DL3064",)
    buildkit_checks = ("SecretsUsedInArgOrEnv",)

    def visit_arg_instruction(self, instruction: ArgInstruction) -> None:
        for declaration in instruction.declarations:
            self._check_assignment("ARG", declaration)

    def visit_env_instruction(self, instruction: EnvInstruction) -> None:
        for assignment in instruction.assignments:
            self._check_assignment("ENV", assignment)

    def visit_container(self, container: Container) -> None:
        if container.build is not None:
            self._check_build(container.build, container.subject)

    def visit_image_build(self, build: ImageBuild) -> None:
        self._check_build(build.spec, build.subject)

    def _check_build(self, spec: BuildSpec, subject: str) -> None:
        for name, value in spec.args.items():
            written = written_text(value)
            exposure = literal_credential(name, written) if written is not None else None
            if exposure is not None:
                self.report(value, f"{subject} passes build arg {name} as {exposure}")

    def _check_assignment(self, keyword: str, assignment: Assignment) -> None:
        value = assignment.value
        name = assignment.name.value
        at = assignment.name if value is None else Located(value.value, assignment.name.span.cover(value.span))
        credential = is_credential_name(name)
        if value is not None and credential and is_literal_secret(value.value):
            where = "default" if keyword == "ARG" else "value"
            kept = "visible in the image history" if keyword == "ARG" else "stored in the image configuration"
            self.report(at, f"{keyword} {name} has a literal {where}, {kept}")
            return
        embedded = embedded_password(value.value) if value is not None else None
        if embedded is not None:
            self.report(at, f"{keyword} {name} holds {embedded.describe()}")
        elif credential and is_secret_slot(value.value if value is not None else None):
            self._report_slot(keyword, name, at, value.value if value is not None else None)

    def _report_slot(self, keyword: str, name: str, at: Located[object], written: str | None) -> None:
        """A credential-named ARG or ENV that is to receive the secret (BuildKit's
        SecretsUsedInArgOrEnv): an ARG is a build arg, an ENV that takes a variable copies it."""
        if keyword == "ARG":
            self.report(
                at,
                f"ARG {name} takes a credential as a build arg: a value passed with --build-arg is kept in "
                "the image history",
                severity=Severity.WARNING,
            )
        elif written is not None and has_reference(written):
            self.report(
                at,
                f"ENV {name}={written} copies a credential into the image configuration, where anyone who "
                "can pull the image reads it",
                severity=Severity.WARNING,
            )
        else:
            shown = f"the placeholder {written.strip()!r}" if written and written.strip("'\" ") else "an empty value"
            self.report(
                at,
                f"ENV {name} puts a credential in the image configuration with {shown}: pass it at run time "
                "instead of declaring it in the image",
                severity=Severity.NOTE,
            )

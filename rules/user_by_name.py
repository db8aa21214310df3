from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import BestPracticeRule
from hullcheck.model.dockerfile import Stage, UserInstruction


class UserByName(BestPracticeRule):
    """USER names the user by name instead of by numeric ID.

    ## What it does
    Flags `USER app`, `USER node:node` and `USER root`: a USER whose user part (before `:`) is
    not a number, after ARG and ENV substitution (`USER $APP_UID` with `ARG APP_UID=10001` is
    numeric). A USER whose value stays unknown, and the users of Windows images (which have no
    numeric IDs), are not flagged.

    ## Why is this bad?
    Only the image's `/etc/passwd` knows which ID a name stands for. The host, Kubernetes
    (`runAsNonRoot` refuses a non-numeric user it cannot verify), and policies that check the
    user cannot resolve it, and a base image update can change the ID behind the name.

    ## Example
    ```dockerfile
    FROM node:22-slim
    USER node
    ```

    ## Use instead
    ```dockerfile
    FROM node:22-slim
    USER 1000:1000
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3066
    - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    """

    code = "HC644"
    severity = Severity.NOTE
    advice = "Name the user by its numeric ID (`USER 10001:10001`)."
    hadolint_codes = ("DL3066",)
    windows: bool = False

    def visit_stage(self, stage: Stage) -> None:
        self.windows = stage.windows_image

    def visit_user_instruction(self, instruction: UserInstruction) -> None:
        user = instruction.user
        if user is None or not isinstance(user.value, str) or self.windows:
            return
        uid = user.value.split(":", 1)[0]
        if uid and not uid.isdigit():
            self.report(user, f"USER {user.value} names the user '{uid}', not a numeric user ID")

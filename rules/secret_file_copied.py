from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.dockerfile import AddInstruction, CopyInstruction
from hullcheck.model.secrets import is_harmless_in_credential_folder, secret_file


class SecretFileCopied(Rule):
    """COPY or ADD puts a private key or credentials file into the image.

    ## What it does
    Flags `COPY` and `ADD` of secret files and folders, by name and by glob: SSH private keys
    (`id_rsa`, `id_ed25519`, `*_id_rsa`, but not `id_rsa.pub`), `*.key`, `*.p12`, `*.pfx`,
    Java keystores, PEM files not named as certificates (`key.pem`, `server.pem`, `*.pem`, but
    not `ca.pem` or `certs/fullchain.pem`), `.env` and `.env.production` (not `.env.example`),
    `.npmrc`, `.pypirc`, `.netrc`, `.git-credentials`, `.pgpass`, `.aws/credentials`,
    `.docker/config.json`, kubeconfig files, cloud credential JSON files, VPN secrets, and the
    folders `.ssh`, `.aws`, `.gnupg`, `.kube` (`~/.docker` in a home directory). It also flags a
    copy whose destination is such a file (`COPY npmrc /root/.npmrc`, a heredoc written to
    `/root/.netrc`) or any file copied into a credential folder other than `known_hosts`,
    `authorized_keys`, `config` and public keys. `COPY . .` is not flagged: what it sends is
    decided by `.dockerignore`, which should list these files.

    ## Why is this bad?
    Every file copied into a layer stays in the image for good, even when a later `RUN rm`
    deletes it: anyone who can pull the image, or read a registry or build cache, can extract
    the layer and the key or token in it. Private keys and registry tokens in images are a
    common cause of leaked credentials. Build-time secrets belong in BuildKit secret and SSH
    mounts (`RUN --mount=type=secret`, `RUN --mount=type=ssh`), which are never written to a
    layer, and runtime secrets in mounted secrets.

    ## Example
    ```dockerfile
    FROM node:22-slim
    COPY .npmrc /root/.npmrc
    RUN npm ci
    USER node
    ```

    ## Use instead
    ```dockerfile
    FROM node:22-slim
    RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
    USER node
    ```

    ## References
    - https://docs.docker.com/build/building/secrets/
    - https://docs.docker.com/build/concepts/context/#dockerignore-files
    - https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html
    - https://cwe.mitre.org/data/definitions/538.html
    """

    code = "HC503"
    severity = Severity.ERROR
    security_severity = 8.0
    cwe = (538, 522)
    advice = "Use a BuildKit secret or SSH mount (`RUN --mount=type=secret`) and list the file in `.dockerignore`."

    def visit_copy_instruction(self, instruction: CopyInstruction) -> None:
        keyword = instruction.keyword.value
        destination = instruction.destination
        target = destination.value if destination else ""
        target_secret = secret_file(target) if target else None
        flagged = False
        for source, expanded in zip(instruction.sources, instruction.expanded_sources, strict=True):
            # the file BuildKit copies: ``COPY $KEY_FILE`` with ``ARG KEY_FILE=id_rsa`` copies id_rsa
            path = expanded.value if isinstance(expanded.value, str) else source.value
            if "://" in path or path.startswith("git@"):
                continue  # URLs: remote-add's concern
            found = secret_file(path, context=target)
            if found is not None:
                kind = "the folder " if found.folder else ""
                named = path if path == source.value else f"{source.value}, which is {path}"
                self.report(source, f"{keyword} copies {kind}{named} ({found.what}) into the image")
                flagged = True
            elif target_secret is not None and target_secret.folder and not is_harmless_in_credential_folder(path):
                self.report(source, f"{keyword} copies {path} into {target} ({target_secret.what})")
                flagged = True
        if flagged or destination is None or target_secret is None or target_secret.folder:
            return
        if target.endswith("/") or len(instruction.sources) + len(instruction.heredoc_sources) != 1:
            return  # a folder: what lands there is named by the sources
        self.report(destination, f"{keyword} writes {target} ({target_secret.what}) into the image")

    def visit_add_instruction(self, instruction: AddInstruction) -> None:
        self.visit_copy_instruction(instruction)

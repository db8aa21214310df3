from __future__ import annotations

from hullcheck.engine.findings import Severity
from hullcheck.engine.rule import Rule
from hullcheck.model.container import Container
from hullcheck.model.secrets import literal_credential
from hullcheck.model.span import written_text
from hullcheck.model.spellings import Advice


class HardcodedCredential(Rule):
    """A container's environment sets a credential written in the file.

    ## What it does
    Flags Compose `environment` entries whose name looks like a credential
    (`POSTGRES_PASSWORD`, `JWT_SECRET`, `API_KEY`, `AWS_SECRET_ACCESS_KEY`, `BASIC_AUTH` …)
    and whose value is written in the file, and entries of any name whose value is a
    connection string with a literal password (`postgres://app:s3cret@db/app`,
    `redis://:s3cret@cache:6379`, `amqp://guest:guest@mq`, `Server=db;Password=s3cret`).
    Values from variables (`${POSTGRES_PASSWORD}`, `${POSTGRES_PASSWORD:-dev}`: the file
    delegates the value to the environment or `.env`), entries without a value, empty values,
    switches (`MYSQL_RANDOM_ROOT_PASSWORD: "yes"`), paths (`POSTGRES_PASSWORD_FILE`) and masks
    or templates (`******`, `<password>`) are not flagged. Weak defaults such as `postgres`
    or `changeme` are. The same goes for the password a container's image is pulled with
    (GitHub Actions' `credentials.password` of a job's container or service).

    ## Why is this bad?
    A credential written in a Compose file is in version control, in every clone and fork, in
    CI logs and in `docker inspect` output, and it is usually shared between every environment
    that uses the file, so it is rarely rotated; default passwords such as `postgres` or
    `admin` that ship in example files are among the first an attacker tries. Take secrets from
    the environment or a `.env` file kept out of version control, or better, Compose `secrets`
    with images that read `*_FILE` variables.

    ## Example
    ```yaml
    services:
      db:
        image: postgres:16
        security_opt:
          - no-new-privileges:true
        environment:
          POSTGRES_PASSWORD: s3cret-Passw0rd
    ```

    ## Use instead
    ```yaml
    services:
      db:
        image: postgres:16
        security_opt:
          - no-new-privileges:true
        environment:
          POSTGRES_PASSWORD_FILE: /run/secrets/db_password
        secrets:
          - db_password
    secrets:
      db_password:
        file: ./db_password.txt
    ```

    ## References
    - https://docs.docker.com/compose/how-tos/use-secrets/
    - https://docs.docker.com/compose/how-tos/environment-variables/best-practices/
    - https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html
    - https://cwe.mitre.org/data/definitions/798.html
    """

    code = "HC502"
    severity = Severity.ERROR
    security_severity = 7.5
    cwe = (798, 259)
    advice = Advice("Take the value from {credential_at_run_time}, not from the file.")

    def visit_container(self, container: Container) -> None:
        for name, value in container.environment.items():
            written = written_text(value)
            exposure = literal_credential(name, written) if written is not None else None
            if exposure is not None:
                self.report(value, f"{container.subject} sets {name} to {exposure}")
        password = container.pull_credentials.get("password")
        written = written_text(password) if password is not None else None
        if password is not None and written is not None and literal_credential("password", written) is not None:
            self.report(password, f"{container.subject} pulls its image with a password written in the file")

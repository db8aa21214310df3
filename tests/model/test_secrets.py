from __future__ import annotations

import pytest

from hullcheck.model.secrets import (
    EmbeddedPassword,
    embedded_password,
    is_credential_name,
    is_harmless_in_credential_folder,
    is_literal_secret,
    is_placeholder,
    name_parts,
    secret_file,
)


def test_name_parts_split_separators_camel_case_and_numbers() -> None:
    assert name_parts("dbPassword_2") == ["DB", "PASSWORD"]
    assert name_parts("spring.datasource.password") == ["SPRING", "DATASOURCE", "PASSWORD"]
    assert name_parts("AIRFLOW__CORE__FERNET_KEY") == ["AIRFLOW", "CORE", "FERNET", "KEY"]
    assert name_parts("APIKey") == ["API", "KEY"]
    assert name_parts("PASSWORD2") == ["PASSWORD"]


@pytest.mark.parametrize(
    "name",
    [
        "PASSWORD",
        "POSTGRES_PASSWORD",
        "MYSQL_ROOT_PASSWORD",
        "DB_PASSWD",
        "RABBITMQ_DEFAULT_PASS",
        "LDAP_ROOTPASS",
        "LDAP_PASSWORDS",
        "ME_CONFIG_MONGODB_ADMINPASSWORD",
        "SSH_PASSPHRASE",
        "DB_PWD",
        "JWT_SECRET",
        "CLIENT_SECRET",
        "GITHUB_TOKEN",
        "NODE_AUTH_TOKEN",
        "authToken",
        "dbPassword",
        "spring.datasource.password",
        "API_KEY",
        "APIKEY",
        "OPENAI_API_KEY",
        "AWS_SECRET_ACCESS_KEY",
        "MINIO_ACCESS_KEY",
        "SENTRY_SECRET_KEY",
        "SSH_PRIVATE_KEY",
        "AIRFLOW__CORE__FERNET_KEY",
        "APP_KEY",
        "NEW_RELIC_LICENSE_KEY",
        "CALENDSO_ENCRYPTION_KEY",
        "LT_API_KEYS",
        "SECRET_KEY_BASE",
        "FLOWER_BASIC_AUTH",
        "authCredentials",
        "GOOGLE_CREDENTIALS",
        "HASH_SALT",
        "PASSWORD_2",
        "KEY",
        "REDIS_REQUIREPASS",
    ],
)
def test_credential_names(name: str) -> None:
    assert is_credential_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "PWD",  # the working directory
        "POSTGRES_PASSWORD_FILE",
        "MYSQL_ROOT_PASSWORD_FILE",
        "GITHUB_TOKEN_URL",
        "TOKEN_TTL",
        "PASSWORD_LENGTH",
        "PASSWORD_MIN_LENGTH",
        "PASSWORD_RESET_DISABLED",
        "KAFKA_MANAGER_AUTH_ENABLED",
        "POSTGRES_HOST_AUTH_METHOD",
        "REGISTRY_AUTH",
        "REGISTRY_AUTH_HTPASSWD_REALM",
        "REGISTRY_AUTH_HTPASSWD_PATH",
        "AIRFLOW__API__AUTH_BACKENDS",
        "ANSIBLE_HOST_KEY_CHECKING",
        "GPG_KEY",
        "SORT_KEY",
        "VAPID_PUBLIC_KEY",
        "STRIPE_PUBLISHABLE_KEY",
        "NGROK_SERVER_KEY",
        "LDAP_TLS_KEY_FILE",
        "LT_API_KEYS_DB_PATH",
        "SECRET_NAME",
        "AWS_ACCESS_KEY_ID",
        "MYSQL_RANDOM_ROOT_PASSWORD",
        "MYSQL_ALLOW_EMPTY_PASSWORD",
        "VNC_NO_PASSWORD",
        "INSTALL_SSHPASS",
        "KEEPASSXC_VERSION",
        "BYPASS",
        "OAUTH2_PROXY_VERSION",
        "DOCKER_AUTH_VERSION",
        "COMPOSER_AUTH_JSON",
        "",
    ],
)
def test_names_that_are_not_credentials(name: str) -> None:
    assert not is_credential_name(name)


@pytest.mark.parametrize(
    "value",
    ["s3cret", "changeme", "admin", "password", "root", "0x1234abcd", "J23TNHPJPAOQJLTCPLFD4CQYVFY6MEVP", "1234"],
)
def test_literal_secrets(value: str) -> None:
    assert is_literal_secret(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "  ",
        "$TOKEN",
        "${TOKEN}",
        "${TOKEN:-dev}",
        "prefix-${TOKEN}",
        "$(cat /run/secrets/token)",
        "true",
        "False",
        "yes",
        "0",
        "1",
        "/run/secrets/db_password",
        "./secrets/token.txt",
        "******",
        "XXXXXXXXXXXXXXXX",
        "xxxx",
        "sk-xxx-xxx-xxx",
        "00000000-0000-0000-0000-000000000000",
        "<your-token>",
        "{{ vault_token }}",
        "...",
    ],
)
def test_values_that_are_not_literal_secrets(value: str) -> None:
    assert not is_literal_secret(value)


def test_compose_dollar_escape_is_a_literal_dollar() -> None:
    assert is_literal_secret("pa$$word", dollar_escape=True)
    assert not is_literal_secret("pa$$word")  # in a Dockerfile, $word is a variable
    assert not is_literal_secret("$${TOKEN}x${REAL}", dollar_escape=True)


def test_placeholders() -> None:
    assert is_placeholder("******")
    assert is_placeholder("@PASSWORD@")
    assert not is_placeholder("changeme")
    assert not is_placeholder("xyzzy")


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("postgres://app:s3cret@db:5432/app", EmbeddedPassword("postgres")),
        ("postgresql+psycopg2://airflow:airflow@postgres/airflow", EmbeddedPassword("postgresql+psycopg2")),
        ("redis://:s3cret@cache:6379/0", EmbeddedPassword("redis")),
        ("amqp://guest:guest@rabbitmq:5672/", EmbeddedPassword("amqp")),
        ("mongodb://root:root@mongo:27017", EmbeddedPassword("mongodb")),
        ("broker=kafka:9092,db=mysql://u:p@db/x", EmbeddedPassword("mysql")),
        ("jdbc:postgresql://db/app?user=app&password=s3cret", EmbeddedPassword("postgresql", "password")),
        ("Server=db;Database=app;User Id=sa;Password=s3cret;", EmbeddedPassword(None, "Password")),
    ],
)
def test_embedded_passwords(value: str, found: EmbeddedPassword) -> None:
    assert embedded_password(value) == found


@pytest.mark.parametrize(
    "value",
    [
        "postgres://app@db/app",
        "postgres://app:${DB_PASSWORD}@db/app",
        "postgres://app:$DB_PASSWORD@db/app",
        "https://example.com/path?page=2",
        "http://user:@host/",  # an empty password
        "redis://cache:6379",
        "postgres://app:******@db/app",
        "jdbc:postgresql://db/app?user=app&password=${PW}",
        "Server=db;Database=app;Integrated Security=true;",
        "localhost:5432",
        "a=b;c=d",
        "a" * 1_000_000,  # read once, not once from each letter (quadratic: hours at 2 MiB)
    ],
    ids=lambda value: value[:40],
)
def test_values_without_embedded_passwords(value: str) -> None:
    assert embedded_password(value) is None


def test_embedded_password_describes_itself() -> None:
    assert EmbeddedPassword("postgres").describe() == "a URL with a literal password (postgres://)"
    assert EmbeddedPassword("jdbc", "pwd").describe() == "a URL with a literal pwd (jdbc://)"
    assert EmbeddedPassword(None, "Password").describe() == "a connection string with a literal Password"


@pytest.mark.parametrize(
    ("path", "name", "folder"),
    [
        ("id_rsa", "id_rsa", False),
        ("keys/id_ed25519", "id_ed25519", False),
        ("insecure_id_rsa", "insecure_id_rsa", False),
        ("/etc/ssh/ssh_host_rsa_key", "ssh_host_rsa_key", False),
        ("server.key", "server.key", False),
        ("certs/tls.key", "tls.key", False),
        ("key.pem", "key.pem", False),
        ("privkey.pem", "privkey.pem", False),
        ("server.pem", "server.pem", False),
        ("*.pem", "*.pem", False),
        ("keys/*.key", "*.key", False),
        ("id_*", "id_*", False),
        (".env", ".env", False),
        (".env.production", ".env.production", False),
        ("app/.env*", ".env*", False),
        (".npmrc", ".npmrc", False),
        ("./.npmrc", ".npmrc", False),
        (".pypirc", ".pypirc", False),
        ("/root/.netrc", ".netrc", False),
        (".git-credentials", ".git-credentials", False),
        ("~/.aws/credentials", ".aws/credentials", False),
        ("/root/.docker/config.json", ".docker/config.json", False),
        ("/home/app/.kube/config", ".kube/config", False),
        ("kubeconfig", "kubeconfig", False),
        ("prod.kubeconfig", "prod.kubeconfig", False),
        ("client.p12", "client.p12", False),
        ("keystore.jks", "keystore.jks", False),
        ("service-account.json", "service-account.json", False),
        (
            "client_secret_123.apps.googleusercontent.com.json",
            "client_secret_123.apps.googleusercontent.com.json",
            False,
        ),
        ("ipsec.secrets", "ipsec.secrets", False),
        (".ssh", ".ssh", True),
        (".ssh/", ".ssh", True),
        ("~/.ssh/*", ".ssh", True),
        ("$HOME/.aws", ".aws", True),
        (".gnupg/", ".gnupg", True),
        ("/root/.docker/", ".docker", True),
        ("~/.config/gcloud", "gcloud", True),
    ],
)
def test_secret_files(path: str, name: str, folder: bool) -> None:
    found = secret_file(path)
    assert found is not None, path
    assert (found.name, found.folder) == (name, folder)


@pytest.mark.parametrize(
    ("path", "context"),
    [
        ("id_rsa.pub", ""),
        ("known_hosts", ""),
        (".ssh/known_hosts", ""),
        (".ssh/config", ""),
        ("/root/.aws/config", ""),
        (".env.example", ""),
        (".env.sample", ""),
        ("env.example", ""),
        (".environment", ""),
        ("environment.yml", ""),
        (".envrc", ""),
        ("ca.pem", ""),
        ("cert.pem", ""),
        ("fullchain.pem", ""),
        ("certs/server.pem", ""),
        ("server.pem", "/etc/ssl/certs/"),
        ("*.pem", "/usr/local/share/ca-certificates/"),
        ("nginx_signing.key", ""),
        ("repo.gpg.key", ""),
        ("truststore.jks", ""),
        ("truststore.p12", ""),
        (".*rc", ""),
        ("*rc", ""),
        ("ca-certificates.crt", ""),
        (".docker/nginx.conf", ""),
        (".docker/", ""),  # a project's build files, not ~/.docker
        ("docker/", ""),
        (".", ""),
        ("*", ""),
        ("*.json", ""),
        ("sshd_config", ""),
        ("passwd.lst", ""),
        ("package.json", ""),
        (".npmrc.template", ""),
    ],
)
def test_not_secret_files(path: str, context: str) -> None:
    assert secret_file(path, context=context) is None


def test_files_that_live_in_credential_folders_but_hold_no_secret() -> None:
    for name in ("known_hosts", "authorized_keys", "config", "id_rsa.pub", "gpg.conf", "./ssh/known_hosts"):
        assert is_harmless_in_credential_folder(name), name
    for name in ("deploy_key", "id_rsa", "ssh_keys/.", "credentials", "."):
        assert not is_harmless_in_credential_folder(name), name


def test_secret_file_copied_checks_add_like_copy() -> None:
    from hullcheck.engine.walker import walk
    from hullcheck.parsers.dockerfile import parse_dockerfile
    from hullcheck.rules.secret_file_copied import SecretFileCopied

    text = "FROM alpine:3.20\nADD id_ed25519 /root/.ssh/\nADD https://example.com/key.pem /tmp/\nADD app.tar.gz /app/\n"
    findings = walk(parse_dockerfile(text, "Dockerfile").model, [SecretFileCopied], "Dockerfile")
    assert [(finding.span.line, finding.message) for finding in findings] == [
        (2, "ADD copies id_ed25519 (an SSH private key) into the image")
    ]

from __future__ import annotations

from hullcheck.engine.package_rules import CacheMountRule


class MavenWithoutCacheMount(CacheMountRule):
    """Maven builds without a cache mount for its local repository.

    ## What it does
    Flags a RUN that runs `mvn` (or `./mvnw`, `mvnd`) with a lifecycle phase (`package`,
    `install`, `verify` …) or a plugin goal (`dependency:go-offline`) and no BuildKit cache or
    tmpfs mount holding Maven's local repository: a target with `.m2` in it (`/root/.m2`). Once
    per RUN.

    ## Why is this bad?
    Without a cache mount every build downloads every plugin and dependency into `~/.m2` again,
    and the repository stays in the layer.

    ## Example
    ```dockerfile
    FROM maven:3.9-eclipse-temurin-21
    WORKDIR /src
    COPY . .
    RUN mvn -B package -DskipTests
    ```

    ## Use instead
    ```dockerfile
    FROM maven:3.9-eclipse-temurin-21
    WORKDIR /src
    COPY . .
    RUN --mount=type=cache,target=/root/.m2 mvn -B package -DskipTests
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3071
    - https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    - https://maven.apache.org/guides/mini/guide-configuring-maven.html
    """

    code = "HC749"
    hadolint_codes = ("DL3071",)
    cache = "mvn"

from __future__ import annotations

from hullcheck.engine.package_rules import CacheMountRule


class GradleWithoutCacheMount(CacheMountRule):
    """Gradle builds without a cache mount for its user home.

    ## What it does
    Flags a RUN that runs `gradle` or a Gradle wrapper (`./gradlew`) with no BuildKit cache or
    tmpfs mount holding Gradle's user home: a target with `.gradle` in it (`/root/.gradle`,
    `/home/gradle/.gradle`), or one at or above `GRADLE_USER_HOME`. Once per RUN.

    ## Why is this bad?
    Without a cache mount every build downloads the wrapper's Gradle distribution and every
    dependency again, and they stay in the layer.

    ## Example
    ```dockerfile
    FROM gradle:8.7-jdk21
    WORKDIR /src
    COPY . .
    RUN gradle build --no-daemon
    ```

    ## Use instead
    ```dockerfile
    FROM gradle:8.7-jdk21
    WORKDIR /src
    COPY . .
    RUN --mount=type=cache,target=/home/gradle/.gradle gradle build --no-daemon
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3072
    - https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    - https://docs.gradle.org/current/userguide/directory_layout.html
    """

    code = "HC750"
    hadolint_codes = ("DL3072",)
    cache = "gradle"

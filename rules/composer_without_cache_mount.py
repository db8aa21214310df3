from __future__ import annotations

from hullcheck.engine.package_rules import CacheMountRule


class ComposerWithoutCacheMount(CacheMountRule):
    """Composer installs packages without a cache mount for its cache.

    ## What it does
    Flags a RUN that runs `composer install`, `update` or `require` (and their aliases) with no
    BuildKit cache or tmpfs mount holding Composer's cache: a target with `.composer/cache` or
    `.cache/composer` in it, a `.cache` folder, or one at or above `COMPOSER_CACHE_DIR` or
    `COMPOSER_HOME`. Once per RUN.

    ## Why is this bad?
    Without a cache mount every build downloads every package archive again, and Composer's
    cache stays in the layer.

    ## Example
    ```dockerfile
    FROM composer:2.7
    WORKDIR /app
    COPY composer.json composer.lock ./
    RUN composer install --no-dev --no-scripts
    ```

    ## Use instead
    ```dockerfile
    FROM composer:2.7
    WORKDIR /app
    COPY composer.json composer.lock ./
    RUN --mount=type=cache,target=/root/.composer/cache composer install --no-dev --no-scripts
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3073
    - https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    - https://getcomposer.org/doc/06-config.md#cache-dir
    """

    code = "HC751"
    hadolint_codes = ("DL3073",)
    cache = "composer"

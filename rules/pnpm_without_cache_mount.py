from __future__ import annotations

from hullcheck.engine.package_rules import CacheMountRule


class PnpmWithoutCacheMount(CacheMountRule):
    """pnpm installs packages without a cache mount for its store.

    ## What it does
    Flags a RUN that runs `pnpm install` (or `pnpm i`, `add`, `fetch`) with no BuildKit cache or
    tmpfs mount holding pnpm's store: a target with `pnpm` in it
    (`/root/.local/share/pnpm/store`, `/pnpm/store`), or one at or above `PNPM_HOME` or
    `npm_config_store_dir`. Once per RUN.

    ## Why is this bad?
    Without a cache mount every build downloads every package into a fresh store, and the store
    stays in the layer.

    ## Example
    ```dockerfile
    FROM node:20-slim
    WORKDIR /app
    COPY package.json pnpm-lock.yaml ./
    RUN pnpm install --frozen-lockfile
    ```

    ## Use instead
    ```dockerfile
    FROM node:20-slim
    WORKDIR /app
    COPY package.json pnpm-lock.yaml ./
    RUN --mount=type=cache,target=/root/.local/share/pnpm/store pnpm install --frozen-lockfile
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3075
    - https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    - https://pnpm.io/docker
    """

    code = "HC753"
    hadolint_codes = ("DL3075",)
    cache = "pnpm"

from __future__ import annotations

from hullcheck.engine.package_rules import CacheMountRule


class NpmWithoutCacheMount(CacheMountRule):
    """npm installs packages without a cache mount for its download cache.

    ## What it does
    Flags a RUN that runs `npm install` (or `npm i`, `npm add`, `npm ci`, `npm install-test`)
    with no BuildKit cache or tmpfs mount holding npm's cache: a target with `.npm` in it
    (`/root/.npm`, `/home/node/.npm`), or the folder `npm_config_cache` names. Once per RUN, at
    the first such command.

    ## Why is this bad?
    Without a cache mount every build downloads every package again, and npm's cache (`~/.npm`,
    often larger than `node_modules`) stays in the layer unless removed. A cache mount keeps the
    downloads between builds and out of the image.

    ## Example
    ```dockerfile
    FROM node:20-alpine
    WORKDIR /app
    COPY package.json package-lock.json ./
    RUN npm ci --omit=dev
    USER node
    ```

    ## Use instead
    ```dockerfile
    FROM node:20-alpine
    WORKDIR /app
    COPY package.json package-lock.json ./
    RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev
    USER node
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3068
    - https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    - https://docs.npmjs.com/cli/configuring-npm/folders#cache
    """

    code = "HC746"
    hadolint_codes = ("DL3068",)
    cache = "npm"

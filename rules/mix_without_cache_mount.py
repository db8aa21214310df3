from __future__ import annotations

from hullcheck.engine.package_rules import CacheMountRule


class MixWithoutCacheMount(CacheMountRule):
    """Mix fetches dependencies without a cache mount for Hex and Mix.

    ## What it does
    Flags a RUN that runs `mix deps.get`, `mix deps.compile` or `mix compile` (also in `mix do
    deps.get, compile`) with no BuildKit cache or tmpfs mount holding Hex's or Mix's folders: a
    target with `.hex` or `.mix` in it, or one at or above `HEX_HOME` or `MIX_HOME`. Once per
    RUN.

    ## Why is this bad?
    Without a cache mount every build downloads every Hex package again, and the downloads stay
    in the layer.

    ## Example
    ```dockerfile
    FROM elixir:1.16
    WORKDIR /app
    COPY mix.exs mix.lock ./
    RUN mix deps.get --only prod
    ```

    ## Use instead
    ```dockerfile
    FROM elixir:1.16
    WORKDIR /app
    COPY mix.exs mix.lock ./
    RUN --mount=type=cache,target=/root/.hex \\
        --mount=type=cache,target=/root/.mix \\
        mix deps.get --only prod
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3076
    - https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    - https://hexdocs.pm/hex/Mix.Tasks.Hex.Config.html
    """

    code = "HC754"
    hadolint_codes = ("DL3076",)
    cache = "mix"

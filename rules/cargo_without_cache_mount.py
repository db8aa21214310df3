from __future__ import annotations

from hullcheck.engine.package_rules import CacheMountRule


class CargoWithoutCacheMount(CacheMountRule):
    """cargo builds without a cache mount for its registry.

    ## What it does
    Flags a RUN that runs `cargo build`, `install`, `fetch`, `test`, `check`, `clippy` or `run`
    (and their one-letter aliases) with no BuildKit cache or tmpfs mount holding cargo's
    registry and Git checkouts: a target with `.cargo`, `cargo/registry` or `cargo/git` in it, a folder named `cargo`
    (`/usr/local/cargo/registry` in the official images), or one at or above `CARGO_HOME`. Once
    per RUN.

    ## Why is this bad?
    Without a cache mount every build downloads and unpacks every crate again, which dominates
    the build time of most Rust images; the registry copy also stays in the layer.

    ## Example
    ```dockerfile
    FROM rust:1.78
    WORKDIR /src
    COPY . .
    RUN cargo build --release --locked
    ```

    ## Use instead
    ```dockerfile
    FROM rust:1.78
    WORKDIR /src
    COPY . .
    RUN --mount=type=cache,target=/usr/local/cargo/registry \\
        --mount=type=cache,target=/usr/local/cargo/git \\
        cargo build --release --locked
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3069
    - https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    - https://doc.rust-lang.org/cargo/guide/cargo-home.html
    """

    code = "HC747"
    hadolint_codes = ("DL3069",)
    cache = "cargo"

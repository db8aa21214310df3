from __future__ import annotations

from hullcheck.engine.package_rules import CacheMountRule


class GoWithoutCacheMount(CacheMountRule):
    """go builds without a cache mount for its module and build caches.

    ## What it does
    Flags a RUN that runs `go build`, `go install`, `go get`, `go test`, `go run` or `go mod`
    with no BuildKit cache or tmpfs mount holding Go's build cache or module cache: a target
    with `.cache/go-build` or `go/pkg/mod` in it, a `.cache` folder, or one at or above
    `GOCACHE`, `GOMODCACHE` or `GOPATH`. Once per RUN.

    ## Why is this bad?
    Without a cache mount every build downloads every module and compiles every package from
    scratch, and both caches (`/go/pkg/mod`, `~/.cache/go-build`) stay in the layer.

    ## Example
    ```dockerfile
    FROM golang:1.22
    WORKDIR /src
    COPY . .
    RUN go build -o /bin/app ./cmd/app
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.22
    WORKDIR /src
    COPY . .
    RUN --mount=type=cache,target=/go/pkg/mod \\
        --mount=type=cache,target=/root/.cache/go-build \\
        go build -o /bin/app ./cmd/app
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3070
    - https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    - https://pkg.go.dev/cmd/go#hdr-Build_and_test_caching
    """

    code = "HC748"
    hadolint_codes = ("DL3070",)
    cache = "go"

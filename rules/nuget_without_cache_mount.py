from __future__ import annotations

from hullcheck.engine.package_rules import CacheMountRule


class NugetWithoutCacheMount(CacheMountRule):
    """dotnet or NuGet restores packages without a cache mount for NuGet's package folder.

    ## What it does
    Flags a RUN that runs `dotnet restore`, `build`, `publish` or `test`, or `nuget restore`,
    with no BuildKit cache or tmpfs mount holding NuGet's global packages folder: a target with
    `.nuget/packages` in it, or one at or above `NUGET_PACKAGES`. Once per RUN.

    ## Why is this bad?
    Without a cache mount every build downloads every NuGet package again, and the packages
    folder stays in the layer.

    ## Example
    ```dockerfile
    FROM mcr.microsoft.com/dotnet/sdk:8.0
    WORKDIR /src
    COPY . .
    RUN dotnet publish -c Release -o /out
    ```

    ## Use instead
    ```dockerfile
    FROM mcr.microsoft.com/dotnet/sdk:8.0
    WORKDIR /src
    COPY . .
    RUN --mount=type=cache,target=/root/.nuget/packages dotnet publish -c Release -o /out
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3074
    - https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    - https://learn.microsoft.com/en-us/nuget/consume-packages/managing-the-global-packages-and-cache-folders
    """

    code = "HC752"
    hadolint_codes = ("DL3074",)
    cache = "nuget"

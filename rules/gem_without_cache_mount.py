from __future__ import annotations

from hullcheck.engine.package_rules import CacheMountRule


class GemWithoutCacheMount(CacheMountRule):
    """gem or Bundler installs gems without a cache mount.

    ## What it does
    Flags a RUN that runs `gem install`, or `bundle install`/`bundle update` (or `bundle` alone,
    which installs), with no BuildKit cache or tmpfs mount holding the gems it downloads: a
    target with `.gem` or `bundle` in it, as hadolint reads it. Once per RUN. The official Ruby
    images install gems in `/usr/local/bundle` (`GEM_HOME`): mount the cache of `.gem` files
    inside it (`/usr/local/bundle/cache`), not the folder itself, whose installed gems a cache
    mount would keep out of the image.

    ## Why is this bad?
    Without a cache mount every build downloads every gem and compiles its native extensions
    again.

    ## Example
    ```dockerfile
    FROM ruby:3.3
    WORKDIR /app
    COPY Gemfile Gemfile.lock ./
    RUN bundle install
    ```

    ## Use instead
    ```dockerfile
    FROM ruby:3.3
    WORKDIR /app
    COPY Gemfile Gemfile.lock ./
    RUN --mount=type=cache,target=/usr/local/bundle/cache bundle install
    ```

    ## References
    - https://github.com/hadolint/hadolint/wiki/DL3077
    - https://docs.docker.com/build/cache/optimize/#use-cache-mounts
    - https://bundler.io/v2.5/man/bundle-config.1.html
    """

    code = "HC755"
    hadolint_codes = ("DL3077",)
    cache = "gem"

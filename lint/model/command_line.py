"""How programs read their command lines: one reader, and a table per program.

A :class:`CommandSyntax` says how one program reads its options: the names it knows (``-o`` and
``--output`` spelling one option), which take a value, whether options may follow operands
(GNU's permutation: ``curl URL -o file``) or end at the first operand (POSIX, and every
program that runs the command in its operands: ``sudo``, ``env``, an interpreter and its
script, docker before its subcommand). :func:`read_command_line` reads located words with it
into located options and operands.

As getopt and Go's pflag read them: short options combine (``-fsSL``), and the first that takes
a value takes the rest of its word (``-ofile``) or else the next word; a long option takes
``--name=value`` or, when it needs a value, the next word; ``--`` ends the options; a lone
``-`` is an operand (standard input) unless the table names it (``env -``). pflag also reads
``-x=value`` for any short option (``-u=root``, ``-d=false``), the only way a short boolean
takes a value. ``--name=value`` is read for every long option, as pflag reads its booleans
(``--tlsverify=false``): a GNU program would refuse the line, which runs nothing either way.
Go's own ``flag`` package (the ``go`` command's) spells every option with one dash or two
(``-ldflags``, ``--ldflags``) and never combines letters: a table says so with ``single_dash_long``.

docker's and podman's tables are with their reader, in hullcheck.parsers.docker_cli.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping, Sequence

from hullcheck.model.span import Located, Span
from hullcheck.records import Record, field


class Arity(enum.Enum):
    NONE = enum.auto()  # a switch: ``-v``, ``--verbose``
    ONE = enum.auto()  # a value, attached (``-ofile``, ``--output=file``) or else the next word
    ATTACHED = enum.auto()  # a value only when attached (``perl -MCPAN``, ``--color=auto``)


class OptionSyntax(Record, frozen=True, slots=True):
    name: str  # canonical: the option's first long spelling, else its first spelling
    arity: Arity
    last: bool = False  # the program reads no options after this one (``python -c CODE``)


class CommandSyntax(Record, frozen=True, slots=True, eq=False):
    """How one program reads its command line; build one with :func:`command_syntax`."""

    declared: tuple[str, str, str, str]  # command_syntax's values, switches, attached and last
    permute: bool  # options may follow operands (GNU); else the first operand ends them (POSIX)
    pflag: bool  # Go's pflag: ``-x=value`` gives any short option ``value``
    plus: bool  # ``+x`` is an option too, ``x`` turned off (``sh +e``, ``bash +o pipefail``)
    stop_at_unknown: bool  # an unknown option ends the reading (it may take the next word); else it is a switch
    # Go's flag package: ``-name`` and ``--name`` are one long option, never combined letters
    single_dash_long: bool = False
    # by every spelling ("-o", "--output"): read from ``declared`` at its first use (__getattr__),
    # so that a run reads the tables of the programs its files run (all of them: 1.5 ms of a start)
    options: Mapping[str, OptionSyntax] = field(init=False, repr=False)

    def __getattr__(self, name: str) -> Mapping[str, OptionSyntax]:  # an attribute not set yet
        if name != "options":
            raise AttributeError(name)
        options = _options(*self.declared)
        object.__setattr__(self, "options", options)
        return options

    def starts_option(self, text: str) -> bool:
        if text == "-":
            return text in self.options
        return (text.startswith("-") and len(text) > 1) or (self.plus and text.startswith("+") and len(text) > 1)


def command_syntax(
    *,
    values: str = "",
    switches: str = "",
    attached: str = "",
    last: str = "",
    permute: bool = True,
    pflag: bool = False,
    plus: bool = False,
    stop_at_unknown: bool = False,
    single_dash_long: bool = False,
) -> CommandSyntax:
    """A table from its options' spellings. ``values``, ``switches`` and ``attached`` (see
    :class:`Arity`) each list options separated by commas, each option as its spellings:
    ``"-o --output, -H --header, --url"``. ``last``: spellings of options after which the program
    reads no more options. An option not in the table is a switch named as written, unless
    ``stop_at_unknown``. ``single_dash_long``: options are spelled ``-name`` (list them so), and
    ``--name`` is the same option. The spellings are read when the table is first used."""
    return CommandSyntax((values, switches, attached, last), permute, pflag, plus, stop_at_unknown, single_dash_long)


def _options(values: str, switches: str, attached: str, last: str) -> dict[str, OptionSyntax]:
    """:func:`command_syntax`'s options by every spelling."""
    ends = set(last.split())
    options: dict[str, OptionSyntax] = {}
    for listed, arity in ((values, Arity.ONE), (switches, Arity.NONE), (attached, Arity.ATTACHED)):
        for group in filter(None, (group.split() for group in listed.split(","))):
            name = next((spelling for spelling in group if spelling.startswith("--")), group[0])
            option = OptionSyntax(name, arity, last=bool(ends.intersection(group)))
            for spelling in group:
                if spelling in options:
                    raise ValueError(f"{spelling} is declared twice")
                options[spelling] = option
    if unknown := ends - options.keys():
        raise ValueError(f"last names options the table does not declare: {sorted(unknown)}")
    return options


class Option(Record, frozen=True, slots=True):
    """One option as the program reads it: ``-fsSLk`` is five, each at that word."""

    name: str  # canonical ("--output" for ``-o``); as written when the table does not know it
    written: str  # as spelled: "-o", "--output", "+e"
    word: Located[str]  # the word that holds it
    index: int  # of that word, in the words read
    # located at the word that holds it: this option's word when attached, else the next one
    value: Located[str] | None = None
    separate: bool = False  # the value is the next word, not attached

    @property
    def span(self) -> Span:
        """The option's word, and its value's word when that is separate."""
        if self.value is not None and self.separate:
            return self.word.span.cover(self.value.span)
        return self.word.span

    @property
    def value_text(self) -> str | None:
        return None if self.value is None else self.value.value

    @property
    def value_index(self) -> int | None:
        """The index of the word that holds the value."""
        if self.value is None:
            return None
        return self.index + 1 if self.separate else self.index


class CommandLine(Record, frozen=True, slots=True):
    """A program's arguments as it reads them: its options and its operands, in order."""

    options: tuple[Option, ...]
    words: Sequence[Located[str]] = field(repr=False)  # all the words, read or not
    operands_read: tuple[int, ...]  # the indices of the operands among the options
    # the index of the word after the options: a program that stops at its first operand has
    # its operands from here; len(words) when the options run to the end
    end: int
    terminator: int | None = None  # the index of the ``--`` that ended the options
    # with ``stop_at_unknown``: the option the reading stopped at; the words after it are unread
    unknown: Option | None = None

    @property
    def operand_indices(self) -> tuple[int, ...]:
        """Of the operands, in the words: those among the options, then (unless the reading
        stopped at an unknown option) every word from ``end``. Made when asked: a caller that
        reads options in turns, from each ``end``, would otherwise copy the rest every turn."""
        rest = range(self.end, len(self.words)) if self.unknown is None else range(0)
        return (*self.operands_read, *rest)

    @property
    def operands(self) -> tuple[Located[str], ...]:
        return tuple(self.words[index] for index in self.operand_indices)

    def named(self, *names: str) -> list[Option]:
        """The options of these canonical names, in order."""
        return [option for option in self.options if option.name in names]


def read_command_line(
    words: Sequence[Located[str]], syntax: CommandSyntax, start: int = 0, *, opaque: Collection[int] = ()
) -> CommandLine:
    """Read ``words[start:]`` (the words after the program's name) as ``syntax`` says.

    ``opaque``: the indices of words that may stand for any number of words, or none (an
    unquoted ``$OPTS``); such a word is an operand, never an option, so a program that stops at
    its first operand stops there. It may still be an option's value."""
    return _Reader(words, syntax, opaque).read(start)


class _Reader:
    def __init__(self, words: Sequence[Located[str]], syntax: CommandSyntax, opaque: Collection[int]) -> None:
        self.words = words
        self.syntax = syntax
        self.opaque = opaque
        self.options: list[Option] = []
        self.operands: list[int] = []  # their indices
        self.ended = False  # by an option marked last
        self.unknown: Option | None = None

    def read(self, index: int) -> CommandLine:
        words = self.words
        while index < len(words):
            text = words[index].value
            if index in self.opaque or not self.syntax.starts_option(text):
                if not self.syntax.permute:
                    return self.result(index)
                self.operands.append(index)
                index += 1
            elif text == "--":
                return self.result(index + 1, terminator=index)
            else:
                long = text.startswith("--") or text == "-" or self.syntax.single_dash_long
                index = self.read_long(index) if long else self.read_short(index)
                if self.unknown is not None:
                    return self.result(index)
                if self.ended:
                    return self.result(index)
        return self.result(index)

    def result(self, end: int, terminator: int | None = None) -> CommandLine:
        """The options and operands read; the words from ``end`` are operands too, unless the
        reading stopped at an unknown option."""
        return CommandLine(tuple(self.options), self.words, tuple(self.operands), end, terminator, self.unknown)

    def read_long(self, index: int) -> int:
        """``--name``, ``--name=value``, ``--name value``, or a lone ``-`` the table names;
        the index of the next word to read."""
        word = self.words[index]
        written, equals, attached = word.value.partition("=")
        option = self.syntax.options.get(written)
        if option is None and self.syntax.single_dash_long:
            option = self.syntax.options.get("-" + written.lstrip("-"))
        if equals:
            return self.add(option, written, index, Located(attached, word.span))
        if option is not None and option.arity is Arity.ONE and index + 1 < len(self.words):
            return self.add(option, written, index, self.words[index + 1], separate=True)
        return self.add(option, written, index)

    def read_short(self, index: int) -> int:
        """``-abc``: each letter an option, until one takes the rest of the word (``-ofile``)
        or the next word as its value; the index of the next word to read."""
        word = self.words[index]
        text = word.value
        for position in range(1, len(text)):
            written = text[0] + text[position]
            option = self.syntax.options.get("-" + text[position])
            rest = text[position + 1 :]
            if self.syntax.pflag and rest.startswith("="):
                return self.add(option, written, index, Located(rest[1:], word.span))
            arity = Arity.NONE if option is None else option.arity
            if arity is Arity.ONE and not rest and index + 1 < len(self.words):
                return self.add(option, written, index, self.words[index + 1], separate=True)
            if arity is Arity.ONE or (arity is Arity.ATTACHED and rest and not self.syntax.pflag):
                return self.add(option, written, index, Located(rest, word.span) if rest else None)
            self.add(option, written, index)
            if self.unknown is not None or self.ended:
                break
        return index + 1

    def add(
        self,
        option: OptionSyntax | None,
        written: str,
        index: int,
        value: Located[str] | None = None,
        separate: bool = False,
    ) -> int:
        """Record one option; the index of the next word to read."""
        read = Option(written if option is None else option.name, written, self.words[index], index, value, separate)
        if option is None and self.syntax.stop_at_unknown:
            self.unknown = read
        else:
            self.options.append(read)
            self.ended = option is not None and option.last
        return index + (2 if separate else 1)


# --- the programs the shell model reads -------------------------------------------------------------
# What a table leaves out is read as a switch; it lists every option that takes a value, so that
# a value is never taken for an operand (a URL, a package, the command a wrapper runs), and the
# switches whose names the rules ask for.

# Programs whose options are read only by name (``npm --strict-ssl=false``, ``apk --allow-untrusted``).
PLAIN = command_syntax()

CURL = command_syntax(
    values="-A --user-agent, -b --cookie, -c --cookie-jar, -C --continue-at, -d --data, -D --dump-header,"
    " -e --referer, -E --cert, -F --form, -H --header, -K --config, -m --max-time, -o --output,"
    " -P --ftp-port, -Q --quote, -r --range, -t --telnet-option, -T --upload-file, -u --user,"
    " -U --proxy-user, -w --write-out, -x --proxy, -X --request, -y --speed-time, -Y --speed-limit,"
    " -z --time-cond, --data-raw, --data-binary, --data-ascii, --data-urlencode, --url, --cacert, --capath,"
    " --key, --retry, --retry-delay, --retry-max-time, --connect-timeout, --form-string, --resolve,"
    " --connect-to, --output-dir, --limit-rate, --max-filesize, --interface, --proto, --proto-redir,"
    " --netrc-file, --oauth2-bearer, --unix-socket, --ciphers, --pinnedpubkey, --create-dirs-mode,"
    " --variable, --expand-url",
    switches="-k --insecure, -O --remote-name, --remote-name-all, --proxy-insecure, --doh-insecure",
)
WGET = command_syntax(
    # ``-n`` takes the rest of its word: ``-nv``, ``-nc`` and ``-nH`` are not ``-n -v``
    values="-o --output-file, -a --append-output, -e --execute, -i --input-file, -B --base, -t --tries,"
    " -O --output-document, -T --timeout, -w --wait, -Q --quota, -P --directory-prefix, -U --user-agent,"
    " -D --domains, -R --reject, -A --accept, -X --exclude-directories, -I --include-directories,"
    " -l --level, -n, -Y, --header, --user, --password, --post-data, --post-file, --referer,"
    " --load-cookies, --save-cookies, --ca-certificate, --ca-directory, --certificate, --private-key,"
    " --limit-rate, --exclude-domains, --http-user, --http-password, --method, --body-data, --body-file,"
    " --bind-address, --progress",
    switches="--no-check-certificate, -q --quiet, -v --verbose, --no-verbose",
    attached="--check-certificate",  # ``--check-certificate=quiet``
)
FETCH = command_syntax(values="-o --output, -B, -N, -S, -T, -w, --user-agent, --referer")
PIP = command_syntax(
    values="-r --requirement, -c --constraint, -i --index-url, -e --editable, -f --find-links, -t --target,"
    " --extra-index-url, --trusted-host, --cert, --client-cert, --proxy, --timeout, --retries, --src,"
    " --root, --prefix, --progress-bar, --platform, --python-version, --implementation, --abi, --no-binary,"
    " --only-binary, --upgrade-strategy, -b --build, -d --dest, -w --wheel-dir, --cache-dir, --log, --log-file,"
    " --exists-action, --global-option, --install-option, -C --config-settings, --report, --python,"
    " --keyring-provider, --use-feature, --use-deprecated, --root-user-action, --group"
)
# pipx and pipenv: what pip's own table does not hold
PIPX = command_syntax(values="--python, --index-url, --pip-args, --suffix, --spec, --backend, --preinstall")
UV = command_syntax(
    values="--allow-insecure-host --trusted-host, -r --requirement, -c --constraint, -i --index-url,"
    " --extra-index-url, --index, --default-index, -f --find-links, -e --editable, -p --python, --with,"
    " --target, --prefix, --cache-dir, --directory, --project, --config-file"
)
# npm, yarn and pnpm: their options that take a value (``npm install --registry URL express``)
NPM = command_syntax(
    values="--registry, --loglevel, --prefix, --cache, --userconfig, --globalconfig, --tag, --omit, --include,"
    " --install-strategy, -w --workspace, --before, --location, --script-shell, --only, --also, --otp, --scope,"
    " --cafile, --ca, --cert, --key, --proxy, --https-proxy, --noproxy, --fetch-retries, --fetch-timeout,"
    " --maxsockets, --node-options, --umask, --user-agent, --cwd, --cache-folder, --modules-folder,"
    " --network-timeout, --mutex, --global-folder, --link-folder, --preferred-cache-folder,"
    " --network-concurrency, --child-concurrency, --use-yarnrc, -C --dir, --filter, --store-dir,"
    " --virtual-store-dir, --reporter, --config"
)
GEM = command_syntax(
    values="-v --version, -i --install-dir, -n --bindir, -s --source, -p --http-proxy, --platform,"
    " -P --trust-policy, -g --file, --build-root, --config-file",
    attached="--document, -d",
)
BUNDLE = command_syntax(
    values="-j --jobs, --gemfile, --path, --retry, --without, --with, --binstubs, --shebang, --trust-policy,"
    " --target-rbconfig"
)
# the go command: Go's flag package, options before the packages (``go run PKG ARGS``)
GO = command_syntax(
    values="-o, -p, -C, -ldflags, -gcflags, -asmflags, -gccgoflags, -tags, -mod, -modfile, -pkgdir,"
    " -buildmode, -compiler, -installsuffix, -overlay, -pgo, -toolexec, -covermode, -coverpkg, -coverprofile,"
    " -exec, -run, -skip, -bench, -benchtime, -count, -cpu, -parallel, -timeout, -cpuprofile, -memprofile,"
    " -blockprofile, -mutexprofile, -outputdir, -shuffle, -fuzz, -fuzztime, -json, -vettool",
    permute=False,
    single_dash_long=True,
)
# apt-get, apt and aptitude (options anywhere: ``apt-get install -y foo``); the switches the
# package rules ask for by name: ``-y``, ``-q`` (``-qq`` is quiet level 2, which implies ``-y``),
# ``--no-install-recommends``
APT = command_syntax(
    values="-o --option, -c --config-file, -t --target-release, -a --host-architecture, -P --build-profiles",
    switches="--allow-unauthenticated, --force-yes, --allow-insecure-repositories,"
    " --allow-downgrade-to-insecure-repositories, -y --yes --assume-yes, -q --quiet --silent,"
    " --no-install-recommends, --install-recommends, --no-install-suggests, --install-suggests,"
    " -d --download-only, -s --simulate --just-print --dry-run --recon --no-act, -f --fix-broken,"
    " -m --ignore-missing --fix-missing, --no-download, --reinstall, --purge, --auto-remove --autoremove,"
    " --no-upgrade, --only-upgrade, --allow-downgrades, --allow-remove-essential,"
    " --allow-change-held-packages, --assume-no, --trivial-only, --print-uris",
)
# apk (options anywhere); ``--update`` is getopt's abbreviation of ``--update-cache``
APK = command_syntax(
    values="-X --repository, -p --root, -t --virtual, --keys-dir, --repositories-file, --cache-dir, --arch,"
    " --timeout, --cache-max-age, --progress-fd, --wait",
    switches="--no-cache, -U --update-cache --update, --allow-untrusted, -i --interactive, -q --quiet,"
    " -v --verbose, -f --force, -u --upgrade, -l --latest, -s --simulate, --purge, --no-network, --no-scripts,"
    " --initdb, --no-progress, --clean-protected",
)
# yum, dnf, microdnf, tdnf and their config-managers
YUM = command_syntax(
    values="-c --config, -d --debuglevel, -e --errorlevel, -x --exclude, -R --randomwait, --setopt,"
    " --enablerepo, --disablerepo, --installroot, --releasever, --repo --repoid, --repofrompath, --forcearch,"
    " --rpmverbosity, --color, --downloaddir --destdir, --comment, --advisory --advisories, --bz --bzs,"
    " --cve --cves, --sec-severity --secseverity, --enableplugin, --disableplugin, --disableexcludes",
    switches="--nogpgcheck, --nogpg, --no-gpgchecks, -y --assumeyes, --assumeno, -q --quiet, -v --verbose,"
    " -C --cacheonly, --refresh, --allowerasing, --skip-broken, --best, --nobest, --nodocs, --noplugins,"
    " --downloadonly",
)
# zypper's global options, before its command (which ends them), and the command's own options
ZYPPER = command_syntax(
    values="-c --config, -D --reposd-dir, -C --cache-dir, --raw-cache-dir, --solv-cache-dir, --pkg-cache-dir,"
    " -R --root, --installroot, --userdata, -p --plus-repo, --plus-content, --releasever, -s --table-style",
    switches="-n --non-interactive, -q --quiet, -v --verbose, -x --xmlout, -t --terse, -A --no-abbrev,"
    " --no-gpg-checks, --gpg-auto-import-keys, -i --ignore-unknown, --no-refresh, --no-cd, --no-remote",
    permute=False,
)
# ``-n`` here is ``--name`` for install (select by name, not capability)
ZYPPER_COMMAND = command_syntax(
    values="-t --type, -r --repo --from, --download, --comment",
    switches="-y --no-confirm, -n --name, -l --auto-agree-with-licenses --agree-licenses, --no-recommends,"
    " --recommends, -f --force, --oldpackage, -D --dry-run, -d --download-only, --force-resolution,"
    " --no-force-resolution, --details, --clean-deps, --no-clean-deps, --all",
)
# git's own options and those of ``git config``
GIT = command_syntax(
    values="-c, -C, -f --file, --git-dir, --work-tree, --namespace, --blob, --type, --default, --comment, --config-env"
)

# useradd (shadow-utils); ``-l`` keeps the user out of the lastlog and faillog databases
USERADD = command_syntax(
    values="-b --base-dir, -c --comment, -d --home-dir, -e --expiredate, -f --inactive, -g --gid, -G --groups,"
    " -K --key, -k --skel, -p --password, -P --prefix, -R --root, -s --shell, -u --uid, -Z --selinux-user,"
    " --btrfs-subvolume-home",
    switches="-l --no-log-init, -m --create-home, -M --no-create-home, -N --no-user-group, -o --non-unique,"
    " -r --system, -U --user-group, -D --defaults",
)
LN = command_syntax(
    values="-t --target-directory, -S --suffix",
    switches="-s --symbolic, -f --force, -n --no-dereference, -T --no-target-directory, -r --relative",
    attached="--backup",
)
# GNU tar (busybox's and bsdtar's options are a subset); long options may be abbreviated, and
# ``--strip`` is common. The traditional form without a dash (``tar xzf a.tgz``) is read by
# hullcheck.model.commands.archives.
TAR = command_syntax(
    values="-f --file, -C --directory, -T --files-from, -X --exclude-from, -b --blocking-factor, -H --format,"
    " -K --starting-file, -L --tape-length, -N --newer --after-date, -g --listed-incremental,"
    " -I --use-compress-program, -F --info-script --new-volume-script, -V --label, --exclude,"
    " --strip-components --strip, --transform --xform, --owner, --group, --mode, --mtime, --to-command,"
    " --record-size, --suffix, --newer-mtime, --rsh-command, --volno-file, --exclude-tag, --exclude-tag-under,"
    " --exclude-tag-all, --index-file, --quoting-style, --xattrs-include, --xattrs-exclude, --owner-map,"
    " --group-map, --pax-option, --rmt-command, --checkpoint-action, --sort, --warning",
    switches="-x --extract --get, -c --create, -t --list, -r --append, -u --update, -A --catenate --concatenate,"
    " -d --diff --compare, --delete, -z --gzip --gunzip --ungzip, -j --bzip2, -J --xz, -Z --compress --uncompress,"
    " -O --to-stdout, --wildcards",
    attached="--backup, --one-top-level, --occurrence, --atime-preserve, --checkpoint",
)

# Wrappers: each runs the command in its operands, so its options end at the first operand.
SUDO = command_syntax(
    values="-u --user, -g --group, -C --close-from, -D --chdir, -h --host, -p --prompt, -r --role, -R --chroot,"
    " -t --type, -T --command-timeout, -U --other-user",
    permute=False,
)
DOAS = command_syntax(values="-u, -C", permute=False)
ENV = command_syntax(values="-u --unset, -C --chdir", switches="-i --ignore-environment -", permute=False)
NICE = command_syntax(values="-n --adjustment", permute=False)
TIMEOUT = command_syntax(values="-s --signal, -k --kill-after", permute=False)
TIME = command_syntax(values="-f --format, -o --output", permute=False)
EXEC = command_syntax(values="-a", permute=False)
COMMAND = command_syntax(switches="-v, -V", permute=False)
XARGS = command_syntax(
    values="-a --arg-file, -d --delimiter, -E, -I, -L, -n --max-args, -P --max-procs, -s --max-chars,"
    " --process-slot-var",
    attached="-i --replace, -e --eof, -l --max-lines",
    permute=False,
)
NO_OPTIONS = command_syntax(permute=False)  # nohup, gosu, su-exec: a lone ``--help`` at most

# Interpreters: the options end at the script's name, or at the code's for python.
SHELL = command_syntax(
    values="-o, -O, --rcfile --init-file", switches="-c, -s", permute=False, plus=True
)  # sh, bash, dash, ash, zsh, ksh …
PYTHON = command_syntax(
    values="-c, -m, -W, -X, -Q, --check-hash-based-pycs", last="-c -m", permute=False
)  # ``-c CODE`` and ``-m MODULE`` end the options: the rest are the program's
PERL = command_syntax(values="-e, -E", attached="-I, -M, -m, -x, -l, -0, -i, -C, -d, -D", permute=False)
RUBY = command_syntax(values="-e, -I, -r, -C", attached="-E, -F, -x, -K, -T, -W, -U, -0, -l", permute=False)
NODE = command_syntax(
    values="-e --eval, -p --print, -r --require, --import, --loader --experimental-loader", permute=False
)
PHP = command_syntax(values="-r, -f, -B, -R, -E, -F, -d, -c, -z", permute=False)

# The Docker daemon (pflag), as of Docker 28. Its booleans (--tls, --tlsverify, -D) take a
# value only after "=": ``--tlsverify=false``. ``-H`` may be given more than once.
DOCKERD = command_syntax(
    values="-H --host, -G --group, -p --pidfile, -b --bridge, -l --log-level, -s --storage-driver, --add-runtime,"
    " --allow-nondistributable-artifacts, --api-cors-header, --authorization-plugin, --bip, --cdi-spec-dir,"
    " --cgroup-parent, --config-file, --containerd, --containerd-namespace, --containerd-plugins-namespace,"
    " --cpu-rt-period, --cpu-rt-runtime, --data-root, --default-address-pool, --default-cgroupns-mode,"
    " --default-gateway, --default-gateway-v6, --default-ipc-mode, --default-network-opt, --default-runtime,"
    " --default-shm-size, --default-ulimit, --dns, --dns-opt, --dns-search, --exec-opt, --exec-root,"
    " --fixed-cidr, --fixed-cidr-v6, --host-gateway-ip, --http-proxy, --https-proxy, --init-path,"
    " --insecure-registry, --ip, --label, --log-driver, --log-format, --log-opt, --max-concurrent-downloads,"
    " --max-concurrent-uploads, --max-download-attempts, --metrics-addr, --mtu, --network-control-plane-mtu,"
    " --no-proxy, --node-generic-resource, --oom-score-adjust, --registry-mirror, --seccomp-profile,"
    " --shutdown-timeout, --storage-opt, --swarm-default-advertise-addr, --tlscacert, --tlscert, --tlskey,"
    " --userland-proxy-path, --userns-remap, -g --graph",
    switches="-D --debug, --tls, --tlsverify, -v --version, --help, --cri-containerd, --experimental, --icc,"
    " --init, --ip-forward, --ip-masq, --ip6tables, --iptables, --ipv6, --live-restore, --no-new-privileges,"
    " --raw-logs, --rootless, --selinux-enabled, --userland-proxy, --validate",
    pflag=True,
)

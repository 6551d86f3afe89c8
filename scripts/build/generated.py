"""The files generated at build time, from one table: what makes them, where they go, what reads them.

Each row of ``GENERATORS`` names a generator module (by its dotted name: the build layer imports
no other layer, so it is loaded with ``importlib``), the site folder its files are served from and
what they are. A generator module has one entry point, ``generated_files() -> dict[str, bytes]``
(file name -> bytes), a pure function of its inputs. Its inputs are computed, never listed by hand:

- its code: the module and every ``scripts.*`` module it imports, transitively (read with ``ast``,
  so an import added anywhere in that tree is an input the moment it is written);
- its data: the files the row declares (``data``, paths from the project folder);
- the versions of the third-party packages that code imports (a new XlsxWriter writes other bytes).

Their digest names a folder of ``build_cache`` (``.cache/<row's name>/<digest>/``): a build or a
`mkdocs serve` rebuild reuses it until an input changes, and then loads the edited code again
(dependencies first) before generating. The hook ``overrides/hooks/generated_files.py`` serves the
folders; ``needed_by`` names the hooks that read a folder themselves, which must come after it in
mkdocs.yml (tests/test_generated_files.py checks the order).
"""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.metadata
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from scripts.build import build_cache

ROOT = Path(__file__).resolve().parents[2]
HOOK = "overrides/hooks/generated_files.py"  # the hook that serves every row's files


@dataclass(frozen=True)
class Insert:
    """Text a generator writes into a page: ``marker`` in ``page`` replaced by ``function()``'s Markdown."""

    page: str  # a page's source path under docs/, e.g. "cnn-live.md"
    marker: str
    function: str  # a function of the generator module, taking no argument


@dataclass(frozen=True)
class Generator:
    """One row of the table."""

    name: str  # also the cache folder: .cache/<name>/
    module: str  # dotted name of the module whose generated_files() makes the files
    site_dir: str  # where the site serves them: <site_dir>/<file name>
    produces: str  # what they are, for a reader of this table
    data: tuple[str, ...] = ()  # data files the code reads, from the project folder
    inserts: tuple[Insert, ...] = ()
    needed_by: tuple[str, ...] = ()  # hooks (mkdocs.yml paths) that read this row's cache folder


GENERATORS: tuple[Generator, ...] = (
    Generator(
        name="figures",
        module="scripts.drawing.kernel_figures",
        site_dir="figures",
        produces="the chapter's figures (SVG), drawn from the MNIST digit",
        data=("scripts/data/mnist-3.json",),
        needed_by=("overrides/hooks/questionnaire.py",),  # the Anki deck embeds the figures
    ),
    Generator(
        name="workbook",
        module="scripts.pages.workbook",
        site_dir="downloads",
        produces="conv-example.xlsx with live formulas, and the trace-precedents page's JSON and static figure",
        data=("scripts/data/mnist-3.json",),
    ),
    Generator(
        name="cnn-live",
        module="scripts.pages.cnn_live",
        site_dir="downloads",
        produces="the CNN live page's JSON, its static figure and the weights it runs",
        data=(
            "scripts/data/simple_cnn.safetensors",
            "scripts/data/simple_cnn.json",
            "scripts/data/mnist-37-heldout.npz",
            "scripts/data/mnist-3.json",
        ),
        inserts=(
            Insert("cnn-live.md", "<!-- cnn-live:summary -->", "summary_markdown"),
            Insert("cnn-live.md", "<!-- cnn-live:fields -->", "fields_markdown"),
            Insert("cnn-live.md", "<!-- cnn-live:scores -->", "scores_markdown"),
        ),
    ),
    Generator(
        name="playground",
        module="scripts.pages.playground_figure",
        site_dir="playground",
        produces="the kernel playground's data (data.json) and its no-JavaScript figure (default.svg)",
        data=("scripts/data/mnist-3.json",),
        inserts=(Insert("kernel-playground.md", "<!-- kp:centre -->", "centre_markdown"),),
    ),
    Generator(
        name="run-figures",
        module="scripts.drawing.run_figures",
        site_dir="run-figures",  # not under figures/: the Anki deck packs only the kernel figures
        produces="the book's training plots (plot_layer_stats, color_dim, the 1cycle schedule) and the colour photo's figures",
        data=(  # as scripts.drawing.run_figures.DATA (tests/test_generated_files.py)
            "scripts/data/book-runs.json",
            *(f"scripts/data/book-runs/{run}.npz" for run in ("baseline", "bigger-batches", "one-cycle", "batchnorm", "batchnorm-longer")),
            "scripts/data/chelsea-crop.json",
            "scripts/data/mnist-3.json",  # named by scripts.arithmetic.convolution, which the photo's code imports
        ),
    ),
)


def by_name(name: str) -> Generator:
    for generator in GENERATORS:
        if generator.name == name:
            return generator
    raise KeyError(f"no generated files named {name!r} (scripts/build/generated.py lists them)")


# --- inputs, computed from the code -------------------------------------------------------------


def module_file(name: str, root: Path = ROOT) -> Path | None:
    """The source file of a dotted module name under ``root`` (a module or a package), if any."""
    base = root.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def imports_of(path: Path) -> list[str]:
    """Every module name one file imports, anywhere in it (``from a import b`` gives a.b and a)."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _imports:
        _imports[key] = _read_imports(path)
    return _imports[key]


_imports: dict[tuple[str, int, int], list[str]] = {}  # parsed once per version of a file


def _read_imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names += [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
    return names


def code_closure(module: str, root: Path = ROOT) -> list[str]:
    """The module and every module of its own package that it imports, transitively, dependencies first."""
    package = module.split(".")[0]
    order: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in order or name in visiting:
            return
        visiting.add(name)
        path = module_file(name, root)
        if path is None:
            raise ModuleNotFoundError(f"{name} is not a module under {root}")
        for imported in imports_of(path):
            # `from a.b import c`: c is a module if it has a file, else a name in a.b (already seen)
            if (
                imported.split(".")[0] == package
                and imported != name
                and module_file(imported, root) is not None
                and not (root.joinpath(*imported.split(".")) / "__init__.py").is_file()
            ):
                visit(imported)
        order.append(name)

    visit(module)
    return order


def third_party(modules: list[str], root: Path = ROOT) -> list[str]:
    """The top-level names of the packages outside the standard library those modules import."""
    package = modules[0].split(".")[0]
    tops = {name.split(".")[0] for module in modules for name in imports_of(module_file(module, root))}  # type: ignore[arg-type]
    return sorted(top for top in tops if top != package and top != "__future__" and top not in sys.stdlib_module_names)


@functools.cache
def _distributions() -> Mapping[str, list[str]]:
    return importlib.metadata.packages_distributions()


def versions(packages: list[str]) -> str:
    """ "name==version" of the distribution of each package, one per line (none for an unknown one)."""
    lines = []
    for top in packages:
        try:  # most import names are their distribution's name (numpy, xlsxwriter): no scan needed
            lines.append(f"{top}=={importlib.metadata.version(top)}")
        except importlib.metadata.PackageNotFoundError:
            lines += [f"{name}=={importlib.metadata.version(name)}" for name in sorted(set(_distributions().get(top, [])))]
    return "\n".join(lines)


def input_files(generator: Generator, root: Path = ROOT) -> list[Path]:
    """Every file whose bytes decide the generator's output: its code closure, then its data.

    A data file that is missing stops here, named (FileNotFoundError), before any hashing.
    """
    code = [module_file(name, root) for name in code_closure(generator.module, root)]
    for data in generator.data:
        if not (root / data).is_file():
            raise FileNotFoundError(f"{data}: missing (a data file of the generated files {generator.name!r})")
    return [path for path in code if path is not None] + [root / data for data in generator.data]


def input_digest(generator: Generator, root: Path = ROOT) -> str:
    modules = code_closure(generator.module, root)
    return build_cache.input_digest(input_files(generator, root), salt=versions(third_party(modules, root)), root=root)


# --- generating ----------------------------------------------------------------------------------


def load(generator: Generator, root: Path = ROOT, fresh: bool = False) -> ModuleType:
    """The generator module; with ``fresh``, its code closure loaded again from disk, dependencies first."""
    if fresh:
        for name in code_closure(generator.module, root):
            if name in sys.modules:
                importlib.reload(sys.modules[name])
    return importlib.import_module(generator.module)


def ensure(generator: Generator, cache_root: Path, root: Path = ROOT) -> Path:
    """The folder ``cache_root/<name>/<input digest>/`` with the generator's files, generated only if missing.

    A missing folder means an input changed (or a first build): the code is loaded again first, so
    a `mkdocs serve` rebuild after an edit generates with the edited code.
    """
    folder_root = cache_root / generator.name
    digest = input_digest(generator, root)
    if (folder_root / digest).is_dir():
        return build_cache.ensure_cached(folder_root, digest, dict)
    module = load(generator, root, fresh=True)
    return build_cache.ensure_cached(folder_root, digest, module.generated_files)


def folder(name: str, cache_root: Path, root: Path = ROOT) -> Path:
    """The current folder of a row that the generated-files hook has already made (for hooks after it)."""
    generator = by_name(name)
    path = cache_root / generator.name / input_digest(generator, root)
    if not path.is_dir():
        raise RuntimeError(f"{path} is missing: list {HOOK} before the hooks that read it in mkdocs.yml ({', '.join(generator.needed_by)})")
    return path


def served(cache_root: Path, root: Path = ROOT) -> Iterator[tuple[Generator, str, Path]]:
    """(row, site path, file) of every generated file, each row's folder made if missing."""
    for generator in GENERATORS:
        made = ensure(generator, cache_root, root)
        for path in sorted(made.iterdir()):
            yield generator, f"{generator.site_dir}/{path.name}", path


def watched(root: Path = ROOT) -> list[Path]:
    """Every input of every row: `mkdocs serve` rebuilds when one changes."""
    return sorted({path for generator in GENERATORS for path in input_files(generator, root)})


def insert(markdown: str, page: str, root: Path = ROOT) -> str:
    """A page's Markdown with every generator's marker for that page replaced; a missing marker fails."""
    for generator in GENERATORS:
        for each in generator.inserts:
            if each.page != page:
                continue
            if each.marker not in markdown:
                raise ValueError(f"docs/{page}: the marker {each.marker} ({generator.name}) is missing")
            text = getattr(load(generator, root), each.function)()
            markdown = markdown.replace(each.marker, text)
    return markdown

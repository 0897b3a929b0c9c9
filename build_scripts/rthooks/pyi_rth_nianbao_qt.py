"""Run-time hook replacing PyInstaller's ``pyi_rth_pyside6`` in the frozen app.

PyInstaller's own hook imports ``PySide6.QtCore`` at every start to register an embedded
``qt.conf``, so even ``nianbao check`` (which never shows a window) loaded Qt's libraries and
started ~50% slower than from a venv. This hook sets the same environment at once (plugin
path, and on Windows ``PATH``), and registers the ``qt.conf`` only when the app itself first
imports ``PySide6.QtCore`` — which only the window does.

With ``NIANBAO_REPORT_QT_IMPORT`` naming a file, that first import also appends
``QT_IMPORT_MARKER`` to it: the build's smoke test runs ``check`` with it on every platform
(Windows has no ``LD_DEBUG``) and the window's ``--smoke-test`` as the proof that the marker
does appear. A file, not stderr: a windowed Windows program has no stderr.
"""

QT_IMPORT_MARKER = "nianbao-rthook: PySide6.QtCore imported"


def _nianbao_qt_rthook() -> None:
    import importlib.abc
    import importlib.machinery
    import os
    import sys

    base = sys._MEIPASS  # type: ignore[attr-defined]  # set by PyInstaller's bootloader
    if sys.platform.startswith("win"):
        qt_path = os.path.join(base, "PySide6")
        os.environ["PATH"] = base + os.pathsep + os.environ.get("PATH", "")
    else:
        qt_path = os.path.join(base, "PySide6", "Qt")
    os.environ["QT_PLUGIN_PATH"] = os.path.join(qt_path, "plugins")

    target = "PySide6.QtCore"

    class _AfterQtCore(importlib.abc.MetaPathFinder):
        """Wraps the loader of PySide6.QtCore: once it has run, register qt.conf."""

        def find_spec(self, fullname, path=None, target_module=None):  # type: ignore[no-untyped-def]
            if fullname != target:
                return None
            sys.meta_path.remove(self)
            spec = importlib.machinery.PathFinder.find_spec(fullname, path)
            if spec is None:
                for finder in sys.meta_path:
                    find = getattr(finder, "find_spec", None)
                    if find is not None:
                        spec = find(fullname, path, target_module)
                        if spec is not None:
                            break
            if spec is None or spec.loader is None:
                return spec
            loader = spec.loader
            exec_module = loader.exec_module

            def exec_then_register(module):  # type: ignore[no-untyped-def]
                exec_module(module)
                report = os.environ.get("NIANBAO_REPORT_QT_IMPORT")
                if report:
                    with open(report, "a", encoding="utf-8") as marker:
                        marker.write(QT_IMPORT_MARKER + "\n")
                from _pyi_rth_utils import qt as qt_rth_utils

                qt_rth_utils.create_embedded_qt_conf("PySide6", qt_path)

            loader.exec_module = exec_then_register  # type: ignore[method-assign]
            return spec

    sys.meta_path.insert(0, _AfterQtCore())


_nianbao_qt_rthook()
del _nianbao_qt_rthook

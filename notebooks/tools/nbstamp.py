"""The stamp a kernelspec's copies of core and of the kernel must match (run_notebooks.py
--core-stamp, install-kernel.sh, ./nflab). Standard library only: it is asked for also where
Jupyter's nbclient is not packaged (Ubuntu 20.04, the VM)."""
import glob
import hashlib
import os
import zipfile

NOTEBOOKS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(NOTEBOOKS)


def _jar_classes(h, jar, label):
    try:
        with zipfile.ZipFile(jar) as z:
            for i in sorted(z.infolist(), key=lambda i: i.filename):
                if not i.filename.startswith("META-INF/"):
                    h.update(("%s %s:%d\n" % (label, i.filename, i.CRC)).encode())
    except (OSError, zipfile.BadZipFile):
        h.update(("%s unreadable\n" % label).encode())


def core_stamp(spec_dir=None):
    """What a kernelspec's copies must match: core's classes and the kernel's (names and CRCs, so a
    rebuild of the same sources keeps the stamp) and core's libraries' names. Without SPEC_DIR, of
    this checkout (core/target, notebooks/kernel/target); with it, of the copies in that kernelspec
    folder (core/, nflab-kernel.jar)."""
    if spec_dir:
        core, kernel = os.path.join(spec_dir, "core"), os.path.join(spec_dir, "nflab-kernel.jar")
    else:
        core, kernel = os.path.join(ROOT, "core", "target"), os.path.join(NOTEBOOKS, "kernel", "target", "nflab-kernel.jar")
    h = hashlib.sha256()
    for jar in sorted(glob.glob(os.path.join(core, "nflab-core-*.jar"))):
        _jar_classes(h, jar, "core")
    for lib in sorted(glob.glob(os.path.join(core, "lib", "*.jar"))):
        h.update(("lib/%s\n" % os.path.basename(lib)).encode())
    _jar_classes(h, kernel, "kernel")
    return h.hexdigest()[:16]

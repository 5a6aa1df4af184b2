# lit configuration for gocc.  Run through scripts/test.sh (make test), which
# passes --param build_dir=<cmake build directory>.
#
# Substitutions, each a whole compile command that reads a source and takes
# -o:  %cc        gcc on plain C that calls the gocc API
#      %cc-gocc   gcc with the plugin (the README's command)
#      %clang     clang on plain C (rewriter output)
#      %rewrite   gocc-rewrite
#      %gocc-cc   the compiler wrapper
#      %expect-exit N cmd...  fails unless cmd exits with status N
#      %trace-events FILE  a GOCC_TRACE file's events, a line each
#      %gocc-trace  the trace tool
#      %dump-dom URL  a page's DOM once headless Chromium has run it
import glob
import os
import shutil
import lit.formats

config.name = 'gocc'
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = ['.c', '.test']
config.excludes = ['Inputs', 'tools']
config.test_source_root = os.path.dirname(__file__)

build = lit_config.params.get('build_dir')
if not build:
    lit_config.fatal('run with --param build_dir=<cmake build dir> (make test does)')
build = os.path.abspath(build)
top = os.path.dirname(config.test_source_root)
config.test_exec_root = os.path.join(build, 'test')

inc = os.path.join(top, 'include')
libgocc = os.path.join(build, 'runtime', 'libgocc.a')
plugin = os.path.join(build, 'plugin', 'gocc.so')
link = '%s -lpthread -lm' % libgocc

config.substitutions += [
    ('%cc-gocc', 'gcc -O2 -fplugin=%s -I %s' % (plugin, inc)),
    ('%cc', 'gcc -O2 -g -I %s' % inc),
    ('%clang', 'clang-14 -O2 -g -I %s' % inc),
    ('%rewrite', os.path.join(build, 'rewriter', 'gocc-rewrite')),
    ('%gocc-cc', os.path.join(build, 'rewriter', 'gocc-cc')),
    ('%libgocc', link),
    ('%plugin', plugin),
    ('%include', inc),
    ('%build', build),
    ('%top', top),
    ('%expect-exit', os.path.join(config.test_source_root, 'tools', 'expect-exit')),
    ('%gocc-trace', os.path.join(build, 'tools', 'gocc-trace')),
    ('%trace-events', os.path.join(config.test_source_root, 'tools', 'trace-events')),
    ('%dump-dom', os.path.join(config.test_source_root, 'tools', 'dump-dom')),
]

# lit passes the tests only its own short list of variables (so no GOCC_*:
# tests set those themselves), with PATH and TMPDIR among them.
config.environment['PATH'] = os.pathsep.join(
    ['/usr/lib/llvm-14/bin', config.environment['PATH']])
if 'HOME' in os.environ:
    config.environment['HOME'] = os.environ['HOME']

# Optional tools: a test that needs one says REQUIRES: and is reported
# UNSUPPORTED where it is missing (scripts/deps.sh installs them all).
if shutil.which('wrk'):
    config.available_features.add('wrk')
if shutil.which('chromium'):
    config.available_features.add('chromium')
if glob.glob('/usr/lib/postgresql/*/bin/initdb') and \
        os.path.exists('/usr/include/postgresql/libpq-fe.h'):
    config.available_features.add('postgresql')

# shellcheck shell=bash
# Sourced by packaging/deb/build, tests/run and packaging/dev/setup: the one set of compiler and
# linker flags every build of OpenVSM's programs uses, Debian's (dpkg-buildflags, every hardening
# feature), so that the tests run the programs as the packages ship them and the package tree
# compiles nothing the test tree has not compiled already (ccache, below).
#
#   openvsm_build_args SRC    sets the array OPENVSM_BUILD_ARGS: cmake arguments for a tree of SRC
#
# With ccache the arguments add it as the compiler launcher and export CCACHE_BASEDIR (SRC's
# parent) and CCACHE_NOHASHDIR, so that two trees at the same depth below SRC (build/ and
# build-deb/) compile with the same command lines and share every object.

openvsm_build_args() {
    local src=$1 cxxflags ldflags
    # dpkg-buildflags maps the current directory out of the debug information
    # (-ffile-prefix-map=$PWD=.): asked from SRC, the flags are the same wherever the caller is.
    cxxflags=$(cd "$src" && DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CXXFLAGS)
    cxxflags+=" $(cd "$src" && DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CPPFLAGS)"
    ldflags=$(cd "$src" && DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get LDFLAGS)
    OPENVSM_BUILD_ARGS=(-DCMAKE_BUILD_TYPE=None "-DCMAKE_CXX_FLAGS=$cxxflags" "-DCMAKE_EXE_LINKER_FLAGS=$ldflags")
    if command -v ccache >/dev/null; then
        OPENVSM_BUILD_ARGS+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
        CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(dirname "$src")}
        export CCACHE_BASEDIR CCACHE_NOHASHDIR=1
    fi
}

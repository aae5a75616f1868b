#!/usr/bin/env bash
# Build llama.cpp's own `llama-server` from source, for a CPU the prebuilt wheel cannot run on.
# Usage: tools/build-llama-server.sh PREFIX    (installs PREFIX/bin/llama-server and its libraries)
#
# Source: the llama.cpp tree vendored in the llama-cpp-python 0.3.36 sdist (pip fetches it from the package registry;
# nothing else is downloaded). Flags: never GGML_NATIVE (a native build put AMX instructions into a binary that this
# same kind of machine could not run); instead an explicit, portable feature level chosen from /proc/cpuinfo:
#   x86-64-v3 (AVX, AVX2, FMA, F16C, BMI2: every x86-64 CPU since 2013-2015) when the CPU has all of them, else SSE4.2,
#   else plain x86-64. AVX-512 and AMX stay off: they are where virtual machines and older CPUs trap.
set -euo pipefail
prefix=${1:?usage: $0 PREFIX}
src_version=0.3.36
jobs=$(nproc 2>/dev/null || echo 2)
flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)
has() { for f in "$@"; do [[ " $flags " == *" $f "* ]] || return 1; done; }
level=(-DGGML_AVX=OFF -DGGML_AVX2=OFF -DGGML_FMA=OFF -DGGML_F16C=OFF -DGGML_BMI2=OFF -DGGML_SSE42=OFF)
name=x86-64
if has avx avx2 fma f16c bmi2; then
  level=(-DGGML_SSE42=ON -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON); name=x86-64-v3
elif has sse4_2; then
  level=(-DGGML_SSE42=ON -DGGML_AVX=OFF -DGGML_AVX2=OFF -DGGML_FMA=OFF -DGGML_F16C=OFF -DGGML_BMI2=OFF); name=x86-64-v2
fi
for tool in cmake g++ gcc; do command -v $tool >/dev/null || { echo "build-llama-server: '$tool' is needed to build llama-server from source (Debian: apt-get install cmake g++)" >&2; exit 1; }; done
# the work tree is kept beside PREFIX until the build succeeds, so an interrupted build resumes where it stopped
work="$prefix.work-$name"
mkdir -p "$work"
echo "build-llama-server: llama.cpp from llama-cpp-python $src_version's sdist, CPU level $name, $jobs jobs -> $prefix"
py=${PYTHON:-python3}
if [ ! -f "$work/llama_cpp_python-$src_version.tar.gz" ]; then
  "$py" -m pip download -q --no-deps --no-binary :all: --no-build-isolation "llama-cpp-python==$src_version" -d "$work" 2>/dev/null \
    || "$py" -m pip download -q --no-deps --no-binary :all: "llama-cpp-python==$src_version" -d "$work"
fi
[ -d "$work/llama_cpp_python-$src_version" ] || tar -xzf "$work"/llama_cpp_python-$src_version.tar.gz -C "$work"
cd "$work/llama_cpp_python-$src_version/vendor/llama.cpp"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=OFF "${level[@]}" \
  -DGGML_AVX512=OFF -DGGML_AVX512_VBMI=OFF -DGGML_AVX512_VNNI=OFF -DGGML_AVX512_BF16=OFF -DGGML_AVX_VNNI=OFF \
  -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF -DGGML_OPENMP=OFF \
  -DBUILD_SHARED_LIBS=OFF -DLLAMA_BUILD_SERVER=ON -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
  -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_WEBUI=OFF > "$work/cmake.log" 2>&1 || { tail -30 "$work/cmake.log" >&2; exit 1; }
cmake --build build --target llama-server -j "$jobs" > "$work/build.log" 2>&1 || { tail -40 "$work/build.log" >&2; exit 1; }
mkdir -p "$prefix/bin"
cp build/bin/llama-server "$prefix/bin/"
cp LICENSE "$prefix/LLAMA_CPP_LICENSE.txt"
echo "llama.cpp from llama-cpp-python $src_version sdist; GGML_NATIVE=OFF, level $name (${level[*]}), AVX-512/AMX off, static" > "$prefix/BUILD_INFO"
rm -rf "$work"
echo "build-llama-server: done ($name)"

#!/usr/bin/env bash
# Builds the image's root file system under $1 for `mvn -Pimage package` (web/pom.xml): a Java runtime made by
# jlink from the building JDK (JAVA_HOME, Java 25) in /opt/java, the C libraries it links against, copied from
# this machine (the image starts FROM scratch, so nothing else provides them), an /etc/passwd naming the
# non-root user the member runs as, and an empty /tmp. Jib adds the result as one layer under the app's layers.
# Linux only: the libraries are this machine's, so build on the distribution you trust (Debian 12 here).
set -euo pipefail
out=${1:?usage: rootfs.sh <output directory>}
java_home=${JAVA_HOME:?JAVA_HOME must point at a JDK 25}

rm -rf "$out"
mkdir -p "$out/etc" "$out/tmp"
# The modules the member uses: java.se (scripts pass --add-modules java.se), jdk.unsupported (sun.misc.Signal,
# Unsafe), jdk.management (its --add-opens, OS metrics), jdk.net (socket options Hazelcast sets), jdk.naming.dns
# (Hazelcast's Kubernetes DNS mode), jdk.zipfs and jdk.crypto.cryptoki (TLS providers), jdk.jfr (profiling).
"$java_home/bin/jlink" \
  --add-modules java.se,jdk.unsupported,jdk.management,jdk.net,jdk.naming.dns,jdk.zipfs,jdk.crypto.cryptoki,jdk.jfr \
  --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
  --output "$out/opt/java"

# Every shared library the runtime's executables and libraries need, with the dynamic loader, at their paths;
# not those of the desktop (X11, sound, splash screen): a member runs headless, and Java loads them only for AWT.
find "$out/opt/java" -type f \( -name '*.so' -o -perm -u+x \) \
  ! -name 'libawt_xawt.so' ! -name 'libsplashscreen.so' ! -name 'libjsound.so' ! -name 'libjawt.so' -print0 \
  | xargs -0 ldd 2>/dev/null \
  | awk '/=> \// {print $3} /^\s*\/[^ ]+ \(0x/ {print $1}' \
  | grep -v "^$out/" \
  | sort -u \
  | while read -r library; do
      mkdir -p "$out$(dirname "$library")"
      cp -L "$library" "$out$library"
    done
if [ -e /lib64/ld-linux-x86-64.so.2 ]; then
  mkdir -p "$out/lib64"
  cp -L /lib64/ld-linux-x86-64.so.2 "$out/lib64/"
fi

printf 'root:x:0:0:root:/root:/sbin/nologin\nflashsale:x:65532:65532:flashsale:/tmp:/sbin/nologin\n' >"$out/etc/passwd"
printf 'root:x:0:\nflashsale:x:65532:\n' >"$out/etc/group"
# Hazelcast looks itself up by name; containers mount their own hosts and resolv.conf over these.
printf 'hosts: files dns\n' >"$out/etc/nsswitch.conf"

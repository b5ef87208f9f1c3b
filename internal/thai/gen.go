package thai

// The embedded word list is derived from Debian's libthai-data; see dict/NOTICE.
//go:generate go run ./internal/gendict -in /usr/share/libthai/thbrk.tri -out dict/libthai.txt.gz

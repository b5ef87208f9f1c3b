module github.com/rongtook/rongtook

go 1.26

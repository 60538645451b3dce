module github.com/acme/proj

go 1.22

# cmake -DIN=FILE -DOUT=FILE.c -DNAME=SYMBOL -P embed.cmake: FILE's bytes as
# the C string SYMBOL, so that gocc-trace carries its page with it and
# needs no data directory found at run time.
file(READ ${IN} hex HEX)
string(REGEX REPLACE "(..)" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(([^,]*,){16})" "\\1\n" bytes "${bytes}")
file(WRITE ${OUT} "/* Made by tools/embed.cmake from ${IN}. */\n"
  "const char ${NAME}[] = {\n${bytes}0 };\n")

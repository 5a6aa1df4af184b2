/* select.c: written by the channels issue. */

/* chan.c: written by the channels issue. */

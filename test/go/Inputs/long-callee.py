# Writes a program with 6,000-token parentheses after the word go: a go
# statement's parenthesised callee, and the argument of a call of a
# function named go, in statement position and as a value.
long = '0+' * 3000 + '0'
print('#include <gocc.h>')
print('#include <stdio.h>')
print('static gocc_waitgroup wg;')
print('static void show(int v) { printf("ran %d\\n", v); gocc_wg_done(&wg); }')
print('static int go(int x) { printf("called go %d\\n", x); return x; }')
print('int main(void)')
print('{')
print('\tvoid (*tab[1])(int) = { show };')
print('\tgocc_wg_add(&wg, 1);')
print('\tgo (tab[' + long + '])(7);')
print('\tgo(' + long + ' + 1);')
print('\tint v = go(' + long + ' + 2) + go (' + long + ' + 3);')
print('\tgocc_wg_wait(&wg);')
print('\treturn v - 5;')
print('}')

// expandSnippet: the text a user gets by accepting every default of a VS Code snippet, and
// splitShellWords: how `sh` splits one command line.
import * as assert from 'node:assert/strict';
import { expandSnippet, parseSnippet, snippetVariableNames } from '../../src/core/snippets/expandSnippet';
import { quoteShellWord, splitShellWords, ShellWordsError } from '../../src/core/snippets/shellWords';

describe('expandSnippet', () => {
  const cases: [string, string, string][] = [
    // [what, snippet, expected]
    ['plain text', 'hello world', 'hello world'],
    ['placeholder default', 'a ${1:guest1} b', 'a guest1 b'],
    ['empty placeholder default', '${1:}x', 'x'],
    ['tab stops give nothing', '$1-${2}-$0-${0}', '---'],
    ['final tab stop with a default keeps it', '${0:done}', 'done'],
    ['choice gives its first option', "<os firmware='${1|efi,bios|}'/>", "<os firmware='efi'/>"],
    ['choice with one option', '${1|only|}', 'only'],
    ['choice escapes', '${1|a\\,b,c\\|d,e\\\\f|}', 'a,b'],
    ['choice escape of pipe', '${1|c\\|d,e|}', 'c|d'],
    [
      'a $N after a placeholder mirrors its default',
      '<name>${1:vm}</name><disk>$1.qcow2</disk>',
      '<name>vm</name><disk>vm.qcow2</disk>',
    ],
    ['a $N before the placeholder mirrors it too', '$1 then ${1:x}', 'x then x'],
    ['${N} mirrors', '${1:a}${1}', 'aa'],
    ['a mirror of a choice', '${1|q35,pc|} / $1', 'q35 / q35'],
    ['the first default of an index wins', '${1:first} ${1:second}', 'first first'],
    ['nested placeholders', '${1:outer ${2:inner} end} $2', 'outer inner end inner'],
    ['deeply nested', '${1:a${2:b${3:c}}} $3$2', 'abc cbc'],
    ['placeholder default holding a mirror', '${1:vm} ${2:/images/$1.qcow2}', 'vm /images/vm.qcow2'],
    ['placeholder default holding a choice', '${1:-m ${2|q35,pc|}}', '-m q35'],
    ['placeholder default holding a variable', '${1:${TM_FILENAME:file}}', 'file'],
    ['escaped dollar', 'cost \\$5 and \\${1:x}', 'cost $5 and ${1:x}'],
    ['escaped closing brace inside a default', '${1:a\\}b}', 'a}b'],
    ['escaped backslash', 'a\\\\b', 'a\\b'],
    ['other backslashes stay', 'qemu \\\n  -m 1G \\n \\t', 'qemu \\\n  -m 1G \\n \\t'],
    ['a backslash before a placeholder is just a backslash', '\\${1:x}', '${1:x}'],
    ['a lone dollar stays', 'a $ b $- c $', 'a $ b $- c $'],
    ['a closing brace at the top level stays', 'a } b', 'a } b'],
    ['unclosed ${ stays text', 'a ${ b', 'a ${ b'],
    ['unclosed placeholder: its pieces are kept', 'x ${1:abc', 'x ${1:abc'],
    ['unclosed placeholder with nested one', 'x ${1:a ${2:b}', 'x ${1:a b'],
    ['unclosed choice stays text', '${1|a,b', '${1|a,b'],
    ['empty choice stays text', '${1||}', '${1||}'],
    ['no choice for $0', '${0|a,b|}', '${0|a,b|}'],
    ['digits after a tab stop are not part of a name', '$1abc', 'abc'],
    ['$12 is tab stop 12', '${12:x} $12', 'x x'],
    ['known variable without a value', 'file: $TM_FILENAME.', 'file: .'],
    ['known variable in braces', '[${TM_SELECTED_TEXT}]', '[]'],
    ['known variable with a default', '${TM_FILENAME:guest.xml}', 'guest.xml'],
    ['unknown variable gives its name (VS Code makes it a placeholder)', 'echo $HOME', 'echo HOME'],
    ['unknown variable with a default gives the default', '${FOO:bar}', 'bar'],
    ['variable names may hold digits and underscores', '$A_1b', 'A_1b'],
    ['transform of a mirror', '${1:my-vm} ${1/(.*)/${1:/upcase}/}', 'my-vm MY-VM'],
    ['transform with groups and text', '${1:guest1} ${1/([a-z]+)(\\d+)/$2-$1/}', 'guest1 1-guest'],
    ['global transform', '${1:a-b-c} ${1/-/_/g}', 'a-b-c a_b_c'],
    ['transform if/else', '${1:x} ${1/(x)|(y)/${1:+is x}${2:?is y:not y}/}', 'x is xnot y'],
    ['transform else when nothing matched', '${1:abc} ${1/(z)/${1:-none}/}', 'abc none'],
    ['transform without a match leaves the value', '${1:abc} ${1/z/Z/}', 'abc abc'],
    [
      'transform shorthands',
      '${1:hello world} ${1/(.*)/${1:/capitalize}|${1:/pascalcase}|${1:/camelcase}|${1:/downcase}/}',
      'hello world Hello world|HelloWorld|helloWorld|hello world',
    ],
    ['transform of an unset tab stop', '${2/(.*)/[$1]/}', '[]'],
    ['transform with an escaped slash', '${1:a/b} ${1/\\//-/}', 'a/b a-b'],
    ['variable transform', '${TM_FILENAME/(.*)/x$1/}', 'x'],
    ['bad transform regex stays text', '${1/(/x/}', '${1/(/x/}'],
    ['self-referencing placeholder does not loop', '${1:a$1b}', 'ab'],
    ['mutually referencing placeholders do not loop', '${1:x$2} ${2:y$1}', 'xy yx'],
  ];
  for (const [what, snippet, expected] of cases) {
    it(what, () => assert.equal(expandSnippet(snippet), expected));
  }

  it('joins an array body with newlines', () => {
    assert.equal(expandSnippet(['<a>', '\t${1:x}', '</a>']), '<a>\n\tx\n</a>');
  });

  it('uses the variable values it is given', () => {
    assert.equal(
      expandSnippet('${TM_FILENAME:x} $FOO ${BAR/(.*)/${1:/upcase}/}', {
        variables: { TM_FILENAME: 'vm.xml', FOO: 'foo', BAR: 'bar' },
      }),
      'vm.xml foo BAR',
    );
  });

  it('keeps a shell line continuation and tab indentation', () => {
    const body = ['qemu-system-x86_64 \\', '\t-m ${1:2G} \\', '\t-smp ${2:2}'];
    assert.equal(expandSnippet(body), 'qemu-system-x86_64 \\\n\t-m 2G \\\n\t-smp 2');
  });

  it('parses into pieces', () => {
    assert.deepEqual(parseSnippet('a${1:b}$2${3|x,y|}$V'), [
      { kind: 'text', value: 'a' },
      { kind: 'placeholder', index: 1, children: [{ kind: 'text', value: 'b' }] },
      { kind: 'placeholder', index: 2, children: [] },
      { kind: 'choice', index: 3, options: ['x', 'y'] },
      { kind: 'variable', name: 'V' },
    ]);
  });

  it('lists the variables a snippet uses', () => {
    assert.deepEqual(snippetVariableNames('$A ${B:x} ${1:${C}} $A \\$D'), ['A', 'B', 'C']);
  });
});

describe('splitShellWords', () => {
  const ok: [string, string, string[]][] = [
    ['blanks separate words', 'a  b\tc', ['a', 'b', 'c']],
    ['leading and trailing blanks', '  a b  ', ['a', 'b']],
    ['backslash-newline joins lines', 'qemu \\\n\t-m 1G \\\n\t-smp 2', ['qemu', '-m', '1G', '-smp', '2']],
    ['backslash-CRLF joins lines', 'a \\\r\n b', ['a', 'b']],
    ['backslash-newline inside a word', 'ab\\\ncd', ['abcd']],
    ['single quotes are literal', "'a b' 'c\\d' '$x'", ['a b', 'c\\d', '$x']],
    ['double quotes', '"a b" "c\\"d" "e\\\\f" "g\\$h" "i\\nj"', ['a b', 'c"d', 'e\\f', 'g$h', 'i\\nj']],
    ['backslash-newline inside double quotes', '"a\\\nb"', ['ab']],
    ['quotes join with the word around them', 'console="ttyS0 "rw\' x\'', ['console=ttyS0 rw x']],
    ['empty quotes are an empty word', 'a \'\' ""', ['a', '', '']],
    ['backslash escapes outside quotes', 'a\\ b \\"c\\\' \\$d', ['a b', '"c\'', '$d']],
    ['comments', 'a # comment\n', ['a']],
    ['a # inside a word is not a comment', 'a#b', ['a#b']],
    ['trailing newline and comment lines', 'a b\n\n# done\n', ['a', 'b']],
    [
      'QEMU options with = and ,',
      '-drive file=disk.qcow2,format=qcow2,if=virtio',
      ['-drive', 'file=disk.qcow2,format=qcow2,if=virtio'],
    ],
    ['JSON in single quotes', `'{"execute":"quit"}'`, ['{"execute":"quit"}']],
    ['nothing', '', []],
  ];
  for (const [what, line, words] of ok) it(what, () => assert.deepEqual(splitShellWords(line), words));

  const refused: [string, string][] = [
    ['a pipe', 'a | b'],
    ['a list', 'a; b'],
    ['a background job', 'a &'],
    ['a redirection', 'a > f'],
    ['a subshell', '(a)'],
    ['command substitution', 'a `b`'],
    ['a variable', 'echo $HOME'],
    ['a variable in double quotes', 'echo "$HOME"'],
    ['a glob', 'ls *.qcow2'],
    ['a tilde', 'ls ~/images'],
    ['an unterminated single quote', "a 'b"],
    ['an unterminated double quote', 'a "b'],
    ['a trailing backslash', 'a \\'],
    ['two commands on two lines', 'a\nb'],
  ];
  for (const [what, line] of refused) {
    it(`refuses ${what}`, () => assert.throws(() => splitShellWords(line), ShellWordsError));
  }

  it('quotes words so that they split back unchanged', () => {
    const words = ['plain', 'a b', "it's", '', 'x=1,y=2', '$HOME', 'a"b', 'tab\there', '中文'];
    assert.deepEqual(splitShellWords(words.map(quoteShellWord).join(' ')), words);
    assert.equal(quoteShellWord('file=disk.qcow2,if=virtio'), 'file=disk.qcow2,if=virtio');
  });
});

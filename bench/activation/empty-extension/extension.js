// The baseline of the activation benchmark: loading and activating this costs what VS Code
// charges any extension, and nothing more.
'use strict';

exports.activate = function activate() {};
exports.deactivate = function deactivate() {};

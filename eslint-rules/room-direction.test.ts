import { join } from 'node:path';
import { ESLint } from 'eslint';
import { REPO_ROOT } from '../test/bundle-fixtures.js';

const lint = async (file: string, code: string) => {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const [result] = await eslint.lintText(code, { filePath: join(REPO_ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === 'flowdesk/room-direction').map((m) => m.message);
};

describe('the room-direction lint rule', () => {
  it('fails an import against the room direction', async () => {
    expect(await lint('engine/sneaky.ts', "import { createApp } from '../runtime/index.js';\nexport const x = createApp;\n")).toEqual([
      'engine/ may not import runtime/ (rooms import designer → runtime → catalog → engine → plugins)',
    ]);
  });

  it('fails an import that bypasses the target room index', async () => {
    expect(await lint('runtime/sneaky.ts', "import { FlowdeskError } from '../engine/errors/flowdesk-error.js';\nexport const x = FlowdeskError;\n")).toEqual([
      'import engine/ through its index.ts, not ../engine/errors/flowdesk-error.js',
    ]);
  });

  it('fails any import of definitions/, and passes imports along the direction', async () => {
    expect(await lint('catalog/sneaky.ts', "import x from '../definitions/flowdesk-sample/bundle.json';\nexport const y = x;\n")).toEqual(['nothing imports definitions/: bundles are data loaded at run time']);
    expect(await lint('runtime/fine.ts', "import { FlowdeskError } from '../engine/index.js';\nexport const x = FlowdeskError;\n")).toEqual([]);
  });

  it("lets the designer (a web app) import runtime/'s browser entry points, and only those", async () => {
    expect(await lint('designer/src/fine.ts', "import { api } from '../../runtime/web/index.js';\nexport const x = api;\n")).toEqual([]);
    expect(await lint('designer/src/fine.ts', "import { FlowdeskForm } from '../../runtime/web/forms.js';\nexport const x = FlowdeskForm;\n")).toEqual([]);
    expect(await lint('designer/src/sneaky.ts', "import { api } from '../../runtime/web/src/shared/api.js';\nexport const x = api;\n")).toEqual([
      'import runtime/ through its index.ts, not ../../runtime/web/src/shared/api.js',
    ]);
  });
});

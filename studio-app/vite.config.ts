import path from 'path';
import { Plugin, UserConfigFn } from 'vite';
import { overrideVaadinConfig } from './vite.generated';

// The studio's frontend directory is ../frontend (shared with the theme), outside this npm project, so Node-style
// lookup from files there never reaches ./node_modules. Resolve their bare imports as if made from here.
const studioApp = path.resolve(__dirname);
const frontendDir = path.resolve(__dirname, '../frontend') + path.sep;

const resolveFromStudioApp: Plugin = {
  name: 'clickstream-resolve-bare-imports-from-studio-app',
  enforce: 'pre',
  async resolveId(source, importer, options) {
    if (!importer || !importer.startsWith(frontendDir) || /^[./\0]/.test(source) || source.includes(':')) {
      return null;
    }
    return this.resolve(source, path.join(studioApp, 'package.json'), { ...options, skipSelf: true });
  }
};

const customConfig: UserConfigFn = (env) => ({
  plugins: [resolveFromStudioApp]
});

export default overrideVaadinConfig(customConfig);

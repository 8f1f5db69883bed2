// Starts a crest server binary for a node test and resolves once it logs "Server listening".
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export function startCrest(binary, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['serve'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CREST_LOG_FORMAT: 'json', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const timer = setTimeout(() => reject(new Error('crest did not start within 20 s')), 20000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      let record;
      try { record = JSON.parse(line); } catch { return; }
      if (record.msg === 'Server listening') {
        clearTimeout(timer);
        resolve({
          url: (path) => `http://127.0.0.1:${record.port}${path}`,
          stop: () => new Promise((done) => { child.once('exit', done); child.kill('SIGTERM'); }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`crest exited with ${code}`)));
  });
}

// The form editor's local proxy (`make editor`): decap-server's git middleware, working in a clone of
// this repository kept in .cache/editor-repo/, never in the working tree that `make serve` watches.
//
// Why: decap-server checks out a `cms/…` branch in the folder it works in for every read of an
// unpublished entry. In the working tree, that changes data/, `make serve` rebuilds and reloads the
// browser, the editor opens the entry again, and so on for ever. In the clone, the preview keeps
// showing the catalogue of the branch the repository is on, and every `cms/…` branch the editor saves
// is copied back into the repository, where `git push` and pull requests find it.
//
//   node editor/proxy.js            PORT (8081), BIND_HOST (127.0.0.1), REPOSITORY (the current folder)
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const express = require('express');

const repository = path.resolve(process.env.REPOSITORY || process.cwd());
const clone = path.join(repository, '.cache', 'editor-repo');
const port = parseInt(process.env.PORT || '8081', 10);
const host = process.env.BIND_HOST || '127.0.0.1';
// What the editor may change: saving, a status, discarding or publishing an unpublished entry.
const CHANGES = new Set(['persistEntry', 'updateUnpublishedEntryStatus', 'deleteUnpublishedEntry',
  'publishUnpublishedEntry']);

function git(folder, ...args) {
  return execFileSync('git', ['-C', folder, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function tryGit(folder, ...args) {
  try {
    return git(folder, ...args);
  } catch (error) {
    return null;
  }
}

// The branch the site is built from: the one the repository has checked out.
const branch = git(repository, 'symbolic-ref', '--short', 'HEAD');

function prepare() {
  if (!fs.existsSync(path.join(clone, '.git'))) {
    fs.mkdirSync(path.dirname(clone), { recursive: true });
    execFileSync('git', ['clone', '--quiet', '--shared', '--branch', branch, repository, clone]);
  }
  // Commits are made in the clone under the repository's own name and address, as they were before.
  for (const key of ['user.name', 'user.email']) {
    const value = tryGit(repository, 'config', '--get', key);
    if (value) git(clone, 'config', key, value);
  }
  follow();
  // Entries saved before (branches cms/… of the repository) are unpublished entries of the editor too.
  for (const ref of git(clone, 'for-each-ref', '--format=%(refname:short)', 'refs/remotes/origin/cms/').split('\n')) {
    const name = ref.replace(/^origin\//, '');
    if (ref && !tryGit(clone, 'rev-parse', '--verify', '--quiet', `refs/heads/${name}`)) git(clone, 'branch', name, ref);
  }
}

// Before each request: the clone's branch follows the repository's (a pull, a merged pull request).
// Fetched only when the repository's refs changed: opening the editor makes dozens of requests.
let seen = null;
function follow() {
  const refs = git(repository, 'for-each-ref', '--format=%(objectname) %(refname)', `refs/heads/${branch}`, 'refs/heads/cms/');
  if (refs === seen) return;
  git(clone, 'fetch', '--quiet', '--prune', 'origin', `+refs/heads/${branch}:refs/remotes/origin/${branch}`,
    '+refs/heads/cms/*:refs/remotes/origin/cms/*');
  if (tryGit(clone, 'symbolic-ref', '--short', 'HEAD') !== branch) return;  // followed at the next request
  tryGit(clone, 'merge', '--quiet', '--ff-only', `origin/${branch}`);
  seen = refs;
}

// After a change: the repository gets the clone's cms/… branches, and a published entry reaches its
// branch only as a fast-forward of what it has checked out, so no work of its own is ever lost.
function copyBack(action) {
  git(clone, 'push', '--quiet', '--force', '--prune', 'origin', 'refs/heads/cms/*:refs/heads/cms/*');
  if (action === 'publishUnpublishedEntry') {
    git(repository, 'fetch', '--quiet', clone, `+refs/heads/${branch}:refs/editor/published`);
    if (tryGit(repository, 'merge', '--quiet', '--ff-only', 'refs/editor/published') === null) {
      console.error(`公開した内容を ${branch} に取りこめませんでした。リポジトリで git merge refs/editor/published を実行してください。`);
    }
  }
}

prepare();
process.env.GIT_REPO_DIRECTORY = clone;
process.env.MODE = 'git';
const { registerLocalGit } = require('decap-server/dist/middlewares');
const app = express();
app.use(express.json({ limit: '50mb' }));

// One request at a time, each between the clone following the repository and its change copied back
// (before the answer leaves, so that what the editor calls saved is in the repository).
let queue = Promise.resolve();
app.use('/api/v1', (request, response, next) => {
  queue = queue.then(() => new Promise((done) => {
    response.on('close', done);
    const end = response.end.bind(response);
    response.end = (...args) => {
      const action = request.body && request.body.action;
      if (response.statusCode < 400 && CHANGES.has(action)) {
        try {
          copyBack(action);
        } catch (error) {
          console.error(`ブランチをリポジトリに写せませんでした: ${error.message}`);
        }
      }
      return end(...args);
    };
    try {
      follow();
    } catch (error) {
      console.error(`リポジトリの変更を読めませんでした: ${error.message}`);
    }
    next();
  }));
});

registerLocalGit(app).then(() => {
  app.listen(port, host, () => {
    console.log(`フォームエディタの中継: http://${host}:${port}/api/v1 （作業用の複製: ${clone}）`);
  });
});

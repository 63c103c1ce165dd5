// SamplePullRequest: a small real change (made with git) that every fake can serve: a modified, an added and a deleted file.

import LoomCore

/// Files at two commits and the exact `git diff base head` between them (git 2.39, default
/// Myers). `src/app.py` has two hunks; new lines 11–17 lie between them and accept no comment.
enum SamplePullRequest {
    static let baseSHA = "b0a5e1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8"
    static let headSHA = "4eadf00d1234567890abcdef1234567890abcdef"

    static let baseApp = #"""
import os


def main():
    path = os.getcwd()
    return 0


def f0(x):
    return x + 0

def f1(x):
    return x + 1

def f2(x):
    return x + 2

def helper(value):
    return value * 2


if __name__ == "__main__":
    main()

"""#

    static let headApp = #"""
import os
import sys


def main(argv):
    path = os.getcwd()
    print(path, argv)
    return 0


def f0(x):
    return x + 0

def f1(x):
    return x + 1

def f2(x):
    return x + 2

def helper(value):
    return value * 3


if __name__ == "__main__":
    main(sys.argv)

"""#

    static let notes = "# Notes\n\nNew file.\n"

    /// `git diff base head` of the two trees.
    static let diff = #"""
diff --git a/NOTES.md b/NOTES.md
new file mode 100644
index 0000000..4d0c80f
--- /dev/null
+++ b/NOTES.md
@@ -0,0 +1,3 @@
+# Notes
+
+New file.
diff --git a/old.txt b/old.txt
deleted file mode 100644
index 6e263ab..0000000
--- a/old.txt
+++ /dev/null
@@ -1 +0,0 @@
-obsolete
diff --git a/src/app.py b/src/app.py
index b96ae27..7988b9b 100644
--- a/src/app.py
+++ b/src/app.py
@@ -1,8 +1,10 @@
 import os
+import sys
 
 
-def main():
+def main(argv):
     path = os.getcwd()
+    print(path, argv)
     return 0
 
 
@@ -16,8 +18,8 @@ def f2(x):
     return x + 2
 
 def helper(value):
-    return value * 2
+    return value * 3
 
 
 if __name__ == "__main__":
-    main()
+    main(sys.argv)

"""#

    /// New lines of `src/app.py` by kind, for anchoring tests.
    static let addedLine = 2        // `import sys`
    static let contextLine = 6      // `    path = os.getcwd()`, old line 5
    static let contextOldLine = 5
    static let outsideLine = 14     // between the hunks: not commentable

    /// The sample as PR `number`, with both trees stored under their commits.
    static func make(number: Int = 7) -> FakePullRequest {
        var pull = FakePullRequest(number: number, diff: diff, files: [
            baseSHA: ["src/app.py": Array(baseApp.utf8), "old.txt": Array("obsolete\n".utf8)],
            headSHA: ["src/app.py": Array(headApp.utf8), "NOTES.md": Array(notes.utf8)],
        ])
        pull.title = "Pass argv to main"
        pull.description = "Main now takes its arguments."
        pull.author = "octocat"
        pull.sourceBranch = "feature/argv"
        pull.targetBranch = "main"
        pull.headSHA = headSHA
        pull.baseSHA = baseSHA
        return pull
    }
}

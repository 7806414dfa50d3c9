// Validates every manifest in a directory against the Kubernetes API schemas (kubernetes-models), and
// checks what a schema cannot: every container image carries an explicit version, every workload has
// liveness and readiness probes and resource requests and limits, and the kustomization names only
// files that exist. Exits 1 naming each problem.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";

const directory = process.argv[2] ?? "../k8s";
const problems = [];
let checked = 0;

function modelPath(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  return group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
}

function checkWorkload(where, spec) {
  for (const container of spec.template?.spec?.containers ?? []) {
    const at = `${where} container ${container.name}`;
    if (!/:[\w][\w.-]*$/.test(container.image ?? "") || container.image.endsWith(":latest")) {
      problems.push(`${at}: image '${container.image}' is not pinned to a version`);
    }
    if (!container.livenessProbe || !container.readinessProbe) problems.push(`${at}: needs liveness and readiness probes`);
    if (!container.resources?.requests || !container.resources?.limits) problems.push(`${at}: needs resource requests and limits`);
  }
}

for (const file of readdirSync(directory).filter((f) => f.endsWith(".yaml")).sort()) {
  const documents = yaml.loadAll(readFileSync(join(directory, file), "utf8")).filter(Boolean);
  for (const [index, document] of documents.entries()) {
    const where = `${file}#${index + 1} ${document.kind}/${document.metadata?.name ?? ""}`;
    if (document.kind === "Kustomization") {
      for (const resource of document.resources ?? []) {
        if (!existsSync(join(directory, resource))) problems.push(`${where}: resource ${resource} does not exist`);
      }
      checked++;
      continue;
    }
    try {
      const module = await import(modelPath(document.apiVersion, document.kind));
      new module[document.kind](document).validate();
    } catch (error) {
      problems.push(`${where}: ${error.code === "ERR_MODULE_NOT_FOUND" ? `unknown ${document.apiVersion} ${document.kind}` : error.message}`);
    }
    if (["Deployment", "StatefulSet", "DaemonSet"].includes(document.kind)) checkWorkload(where, document.spec);
    checked++;
  }
}

if (problems.length > 0) {
  console.error(problems.map((p) => `invalid: ${p}`).join("\n"));
  process.exit(1);
}
console.log(`${checked} Kubernetes documents in ${directory} are valid`);

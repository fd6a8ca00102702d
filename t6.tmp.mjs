let t=performance.now(); const lap=(l)=>{const n=performance.now(); console.log(l,(n-t).toFixed(1)); t=n;};
const v = await import("./src/compile/zz.tmp.mjs"); lap("import standalone");
const fs=await import("node:fs"); const a=JSON.parse(fs.readFileSync("/tmp/fspeed/amplify.rules.json","utf8")); lap("read");
console.log(v.artifact(a), v.artifact.errors); lap("validate");
a.tiers[0].rank="x"; console.log(v.artifact(a), v.artifact.errors?.length); lap("validate bad");

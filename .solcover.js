// solidity-coverage (`npm run coverage`): line coverage of the contracts the service deploys.
// Test doubles under contracts/mocks are not measured.
module.exports = {
  skipFiles: ["mocks/"],
};

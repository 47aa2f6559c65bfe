export { AutotaskApi } from './credentials/AutotaskApi.credentials';
export { Autotask } from './nodes/Autotask/Autotask.node';
